package dev.fanout.internal.engine;

import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Outcome;
import dev.fanout.internal.proxy.ProxyRouter;
import dev.fanout.internal.limit.TokenBucket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Admission: decides when each call may start. A call starts only when all of these allow it:
 * <ol>
 *   <li>the global in-flight limit ({@code concurrency});</li>
 *   <li>its origin's in-flight limit ({@code perHost}, or the adaptive limit when that is on);</li>
 *   <li>a token from the global rate bucket and from the origin's bucket, when rates are set;</li>
 *   <li>the end of a pause the origin asked for with {@code Retry-After};</li>
 *   <li>the pace its own quota fields allow, or the rate learned from its 429s ({@link HostQuota});</li>
 *   <li>the origin not given up after too many connection failures in a row (its calls then fail fast);</li>
 *   <li>with proxies, a proxy for the call with room under {@code perProxy} ({@link ProxyRouter}); the limits
 *       above are the target origin's, whichever proxy the call goes through.</li>
 * </ol>
 * Calls that may not start wait in a queue per origin, holding no connection; origins with waiters take
 * turns (round robin), so one slow or rate-limited host never starves the others. Waits for a token or a
 * pause end on the {@link Timer}; no thread sleeps.
 *
 * <p>Thread-safe: calls arrive from producer threads and the timer, and finish on I/O threads. Calls are
 * started and failed outside the lock.
 */
final class Dispatcher {
    /** What the dispatcher does with calls: start them, or fail those of a host that was given up. */
    interface Listener {
        void start(Call call);

        void unreachable(Call call, FailureKind kind, String message);
    }

    private final Listener listener;
    private final Scheduler timer;
    private final LongSupplier clock;
    private final int maxInFlight;
    private final int maxPerHost;
    private final TokenBucket globalBucket;
    private final ProxyRouter proxies;
    private final HostPacing pacing;
    /** Origins whose next call waits for a proxy with room; tried again when a proxied attempt ends. */
    private final ArrayList<HostState> waitingForProxy = new ArrayList<>();

    private final Object lock = new Object();
    private final HashMap<String, HostState> hosts = new HashMap<>();
    /** Origins with waiting calls and a free per-host slot, in turn order. */
    private final ArrayDeque<HostState> ready = new ArrayDeque<>();
    /** Origins waiting for a token or the end of a pause. */
    private final ArrayList<HostState> parked = new ArrayList<>();
    /** When the earliest pending wake-up runs; Long.MAX_VALUE when none is pending. */
    private long wakeAtNanos = Long.MAX_VALUE;
    private boolean wakePending;
    private int running;
    private boolean closed;

    Dispatcher(FanoutConfig config, Listener listener, Scheduler timer, LongSupplier clock) {
        this.listener = listener;
        this.timer = timer;
        this.clock = clock;
        this.maxInFlight = config.concurrency();
        this.maxPerHost = config.perHost();
        this.globalBucket = config.rate() == null ? null : new TokenBucket(config.rate(), clock.getAsLong());
        this.proxies = config.proxy().enabled() ? ProxyRouter.of(config.proxy()) : null;
        this.pacing = new HostPacing(config);
    }

    /**
     * Queues a call; starts it now if everything allows, or fails it at once if its host was given up.
     * Returns false when the dispatcher is closed (the call was not taken).
     */
    boolean enqueue(Call call) {
        DispatchBatch batch = new DispatchBatch();
        synchronized (lock) {
            if (closed) {
                return false;
            }
            long now = clock.getAsLong();
            HostState host = hosts.computeIfAbsent(call.target().originKey(), k -> pacing.newHost(k, now));
            if (host.unreachable != null) {
                batch.fail(call, FailureKind.HOST_UNREACHABLE, host.unreachable);
            } else {
                host.waiting.add(call);
                markReady(host);
                promote(now, batch);
            }
        }
        batch.run(listener);
        return true;
    }

    /**
     * Frees the slot of a call whose attempt ended, learns from the attempt (adaptive limit, connection
     * failures, Retry-After) and starts whatever may run now.
     */
    void finished(Call call, Outcome attempt) {
        DispatchBatch batch = new DispatchBatch();
        synchronized (lock) {
            long now = clock.getAsLong();
            running--;
            HostState host = hosts.get(call.target().originKey());
            proxyFinished(call, attempt);
            pacing.learn(host, attempt, now, batch);
            host.running--;
            if (host.forgettable(now)) {
                hosts.remove(host.key);
            } else {
                markReady(host);
            }
            promote(now, batch);
        }
        batch.run(listener);
    }

    /** Stops admitting and hands back every call that was still waiting. */
    List<Call> close() {
        List<Call> waiting = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (HostState host : hosts.values()) {
                waiting.addAll(host.waiting);
                host.waiting.clear();
            }
            ready.clear();
            parked.clear();
            waitingForProxy.clear();
        }
        return waiting;
    }

    int running() {
        synchronized (lock) {
            return running;
        }
    }

    /** Each origin's adaptive limit as it stands (empty when adaptive concurrency is off). */
    Map<String, int[]> adaptiveLimits() {
        Map<String, int[]> out = new TreeMap<>();
        synchronized (lock) {
            for (HostState h : hosts.values()) {
                if (h.limiter != null) {
                    out.put(h.key, new int[]{h.limiter.limit(), h.limiter.lowest(), h.limiter.highest(),
                            (int) h.limiter.decreases()});
                }
            }
        }
        return out;
    }

    /** What each origin said about its quota (empty when nothing was learned or rate fields are ignored). */
    Map<String, String> quotas() {
        Map<String, String> out = new TreeMap<>();
        synchronized (lock) {
            for (HostState h : hosts.values()) {
                String d = h.quota == null ? null : h.quota.describe();
                if (d != null) {
                    out.put(h.key, d);
                }
            }
        }
        return out;
    }

    /** Origins given up, with why. */
    Map<String, String> unreachableHosts() {
        Map<String, String> out = new TreeMap<>();
        synchronized (lock) {
            for (HostState h : hosts.values()) {
                if (h.unreachable != null) {
                    out.put(h.key, h.unreachable);
                }
            }
        }
        return out;
    }

    /** Proxies taken out, with why (empty without proxies). */
    Map<String, String> proxiesTakenOut() {
        return proxies == null ? Map.of() : proxies.takenOut();
    }

    /** Frees the attempt's proxy slot and lets the origins waiting for one try again. Under the lock. */
    private void proxyFinished(Call call, Outcome attempt) {
        int index = call.proxyIndex();
        if (index < 0) {
            return;
        }
        proxies.finished(index, attempt);
        call.routeEnded(!attempt.hasResponse() && attempt.failure().kind() == FailureKind.PROXY);
        for (HostState h : waitingForProxy) {
            h.waitingForProxy = false;
            markReady(h);
        }
        waitingForProxy.clear();
    }

    /**
     * Under the lock: sets the proxy of the host's next call; false when it must wait for one with room (the
     * host is then set aside) or has none left (the call is then failed).
     */
    private boolean route(HostState host, DispatchBatch batch) {
        Call call = host.waiting.peek();
        if (proxies == null) {
            return true;
        }
        boolean tls = call.target().tls();
        int choice = proxies.choose(tls, call.target().host(), host.key, call.failedProxy());
        if (choice == ProxyRouter.FULL) {
            host.waitingForProxy = true;
            waitingForProxy.add(host);
            return false;
        }
        if (choice == ProxyRouter.NONE_LEFT) {
            host.waiting.poll();
            batch.fail(call, FailureKind.PROXY, proxies.noneLeft(tls));
            markReady(host);
            return false;
        }
        if (choice == ProxyRouter.DIRECT) {
            call.route(-1, null);
        } else {
            proxies.started(choice);
            call.route(choice, proxies.proxy(choice));
        }
        return true;
    }

    private void markReady(HostState host) {
        if (!host.inReady && !host.parked && !host.waitingForProxy && !host.waiting.isEmpty() && host.running < host.limit(maxPerHost)) {
            host.inReady = true;
            ready.add(host);
        }
    }

    /** Under the lock: moves the calls that may start now into {@code batch}. */
    private void promote(long now, DispatchBatch batch) {
        while (running < maxInFlight && !ready.isEmpty()) {
            if (globalBucket != null) {
                long wait = globalBucket.waitNanos(now);
                if (wait > 0) {
                    wakeAt(now + wait);
                    return;
                }
            }
            HostState host = ready.poll();
            host.inReady = false;
            long resumeAt = HostPacing.resumeAt(host, now);
            if (resumeAt - now > 0) {
                park(host, resumeAt);
                continue;
            }
            if (!route(host, batch)) {
                continue;
            }
            if (host.bucket != null) {
                host.bucket.take(now);
            }
            if (globalBucket != null) {
                globalBucket.take(now);
            }
            Call call = host.waiting.poll();
            if (host.quota != null) {
                host.quota.started(now);
            }
            host.running++;
            running++;
            markReady(host);
            batch.start(call);
        }
    }

    private void park(HostState host, long resumeAt) {
        host.parked = true;
        host.resumeAtNanos = resumeAt;
        parked.add(host);
        wakeAt(resumeAt);
    }

    /** Makes sure a wake-up runs at {@code at} or earlier. */
    private void wakeAt(long at) {
        if (wakePending && wakeAtNanos - at <= 0) {
            return;
        }
        wakePending = true;
        wakeAtNanos = at;
        timer.schedule(this::wake, at - clock.getAsLong());
    }

    private void wake() {
        DispatchBatch batch = new DispatchBatch();
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = clock.getAsLong();
            if (wakeAtNanos - now > 0) {
                return; // an earlier wake-up was superseded; the one for wakeAtNanos is still pending
            }
            wakePending = false;
            wakeAtNanos = Long.MAX_VALUE;
            long next = Long.MAX_VALUE;
            for (int i = parked.size() - 1; i >= 0; i--) {
                HostState host = parked.get(i);
                if (host.resumeAtNanos - now <= 0) {
                    parked.set(i, parked.get(parked.size() - 1));
                    parked.remove(parked.size() - 1);
                    host.parked = false;
                    markReady(host);
                } else if (next == Long.MAX_VALUE || host.resumeAtNanos - next < 0) {
                    next = host.resumeAtNanos;
                }
            }
            promote(now, batch);
            if (next != Long.MAX_VALUE) {
                wakeAt(next);
            }
        }
        batch.run(listener);
    }

}
