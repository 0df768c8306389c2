package dev.fanout.internal.engine;

import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Outcome;
import dev.fanout.internal.proxy.ProxyRouter;
import dev.fanout.internal.limit.AimdLimiter;
import dev.fanout.internal.limit.TokenBucket;
import dev.fanout.retry.RetryAfter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final FanoutConfig config;
    private final Listener listener;
    private final Scheduler timer;
    private final LongSupplier clock;
    private final int maxInFlight;
    private final int maxPerHost;
    private final TokenBucket globalBucket;
    private final ProxyRouter proxies;
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
        this.config = config;
        this.listener = listener;
        this.timer = timer;
        this.clock = clock;
        this.maxInFlight = config.concurrency();
        this.maxPerHost = config.perHost();
        this.globalBucket = config.rate() == null ? null : new TokenBucket(config.rate(), clock.getAsLong());
        this.proxies = config.proxy().enabled() ? ProxyRouter.of(config.proxy()) : null;
    }

    /**
     * Queues a call; starts it now if everything allows, or fails it at once if its host was given up.
     * Returns false when the dispatcher is closed (the call was not taken).
     */
    boolean enqueue(Call call) {
        Batch batch = new Batch();
        synchronized (lock) {
            if (closed) {
                return false;
            }
            long now = clock.getAsLong();
            HostState host = hosts.computeIfAbsent(call.target().originKey(), k -> newHost(k, now));
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
        Batch batch = new Batch();
        synchronized (lock) {
            long now = clock.getAsLong();
            running--;
            HostState host = hosts.get(call.target().originKey());
            proxyFinished(call, attempt);
            learn(host, attempt, now, batch);
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

    private HostState newHost(String key, long now) {
        TokenBucket bucket = config.ratePerHost() == null ? null : new TokenBucket(config.ratePerHost(), now);
        AimdLimiter limiter = config.adaptive() == null ? null : new AimdLimiter(config.adaptive());
        return new HostState(key, bucket, limiter, config.rateHeaders() ? new HostQuota() : null);
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
    private boolean route(HostState host, Batch batch) {
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

    private void learn(HostState host, Outcome attempt, long now, Batch batch) {
        if (host.limiter != null) {
            host.limiter.onSample(attempt.elapsedNanos(), pushBack(attempt), host.running, now);
        }
        if (attempt.hasResponse()) {
            if (host.quota != null) {
                host.quota.answered(attempt, host.running - 1, now);
            }
            host.connectFailuresInARow = 0;
            pauseFor(host, attempt, now);
            return;
        }
        FailureKind kind = attempt.failure().kind();
        boolean connectFailure = !attempt.failure().requestSent()
                && (kind == FailureKind.CONNECT || kind == FailureKind.DNS || kind == FailureKind.TIMEOUT);
        if (!connectFailure) {
            host.connectFailuresInARow = 0;
            return;
        }
        host.connectFailuresInARow++;
        int limit = config.deadHostAfter();
        if (limit > 0 && host.connectFailuresInARow >= limit && host.unreachable == null) {
            host.unreachable = "host " + host.key + " given up after " + limit
                    + " connection failures in a row (last: " + attempt.failure().message() + ")";
            for (Call waiting : host.waiting) {
                batch.fail(waiting, FailureKind.HOST_UNREACHABLE, host.unreachable);
            }
            host.waiting.clear();
        }
    }

    /** A 429 or 503 with Retry-After holds back every request to the host, not just the one retried. */
    private void pauseFor(HostState host, Outcome attempt, long now) {
        int s = attempt.status();
        if ((s != 429 && s != 503) || !config.retry().statuses().contains(s) || config.retry().maxRetries() == 0) {
            return;
        }
        Optional<Duration> asked = RetryAfter.parse(attempt.headers().get("retry-after"), Instant.now());
        if (asked.isEmpty()) {
            return;
        }
        long wait = Math.min(asked.get().toNanos(), config.retry().maxRetryWait().toNanos());
        long until = now + wait;
        if (!host.pauseActive || until - host.pausedUntilNanos > 0) {
            host.pausedUntilNanos = until;
            host.pauseActive = true;
        }
    }

    private static boolean pushBack(Outcome attempt) {
        if (attempt.hasResponse()) {
            int s = attempt.status();
            return s == 429 || s == 503 || s == 504;
        }
        FailureKind k = attempt.failure().kind();
        return k == FailureKind.TIMEOUT || k == FailureKind.RESET;
    }

    private void markReady(HostState host) {
        if (!host.inReady && !host.parked && !host.waitingForProxy && !host.waiting.isEmpty() && host.running < host.limit(maxPerHost)) {
            host.inReady = true;
            ready.add(host);
        }
    }

    /** Under the lock: moves the calls that may start now into {@code batch}. */
    private void promote(long now, Batch batch) {
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
            long resumeAt = resumeAt(host, now);
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

    /** When the host may start its next call: now, the end of its pause, or when its bucket has a token. */
    private static long resumeAt(HostState host, long now) {
        long at = now;
        if (host.pauseActive) {
            if (host.pausedUntilNanos - now > 0) {
                at = host.pausedUntilNanos;
            } else {
                host.pauseActive = false;
            }
        }
        if (host.bucket != null && at == now) {
            at = now + host.bucket.waitNanos(now);
        }
        if (host.quota != null && at == now) {
            at = host.quota.resumeAt(now, host.waiting.size());
        }
        return at;
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
        Batch batch = new Batch();
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

    /** Calls to start and calls to fail, collected under the lock and acted on outside it. */
    private static final class Batch {
        private Object starts;
        private List<Object[]> failures;

        @SuppressWarnings("unchecked")
        void start(Call call) {
            if (starts == null) {
                starts = call;
            } else if (starts instanceof Call first) {
                List<Call> list = new ArrayList<>(4);
                list.add(first);
                list.add(call);
                starts = list;
            } else {
                ((List<Call>) starts).add(call);
            }
        }

        void fail(Call call, FailureKind kind, String message) {
            if (failures == null) {
                failures = new ArrayList<>();
            }
            failures.add(new Object[]{call, kind, message});
        }

        @SuppressWarnings("unchecked")
        void run(Listener listener) {
            if (starts instanceof Call call) {
                listener.start(call);
            } else if (starts != null) {
                for (Call call : (List<Call>) starts) {
                    listener.start(call);
                }
            }
            if (failures != null) {
                for (Object[] f : failures) {
                    listener.unreachable((Call) f[0], (FailureKind) f[1], (String) f[2]);
                }
            }
        }
    }
}
