package dev.fanout.internal.engine;

import dev.fanout.ClientStats;
import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.RetryPolicy;
import dev.fanout.RetryWaits;
import dev.fanout.internal.net.BlockedNetworks;
import dev.fanout.internal.net.Bounds;
import dev.fanout.internal.net.InvalidUrlException;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;
import dev.fanout.internal.transport.MemoryBudget;
import dev.fanout.internal.transport.NettyTransport;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Assembles the request pipeline and owns its parts. The order in which a request meets them:
 * <ol>
 *   <li>{@link #submit}: validation ({@link RequestChecks}, {@link Url#parse} unless the request's source parsed
 *       it where the request was born) — bad input ends here; the call carries its URL and its {@link Reach},
 *       which the transport asks before it connects;</li>
 *   <li>{@link Dispatcher}: admission — concurrency limits (fixed or adaptive), rate limits, Retry-After
 *       pauses, hosts given up;</li>
 *   <li>{@link NettyTransport}: one attempt — connection, per-phase timeouts, response;</li>
 *   <li>{@link #attemptEnded}: the {@link RetryPolicy} decides — back to the dispatcher after a delay on the
 *       {@link Timer}; else a redirect ({@link Redirects}) goes back to the dispatcher for its new host; else
 *       the outcome goes to the listener.</li>
 * </ol>
 */
public final class Engine implements AutoCloseable {

    private final FanoutConfig config;
    private final NettyTransport transport;
    private final MemoryBudget memory;
    private final Timer timer = new Timer();
    /** Retries waiting on the timer, those of them a Retry-After asked for, and the latest time one wakes. */
    private final AtomicInteger retriesWaiting = new AtomicInteger();
    private final AtomicInteger retryAfterWaiting = new AtomicInteger();
    private final AtomicLong lastRetryWakeNanos = new AtomicLong(System.nanoTime());
    private final Dispatcher dispatcher;
    private final BlockedNetworks blocked;
    /** Where a plain run's inputs may go: one value for all of them. */
    private final Reach inputs;
    /** Calls admitted and not yet ended, so that close can end every one of them. */
    private final Set<Call> open = ConcurrentHashMap.newKeySet();
    /**
     * The last URL {@link #submit} parsed: the next one, from the same template or list, mostly shares its origin,
     * and then only its path and query are read. Written and read without a lock by any submitting thread: a
     * {@link Url} is immutable, so a stale one only costs a full parse.
     */
    private Url lastParsed;
    private final ConcurrentHashMap<String, LongAdder> retries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Engine(FanoutConfig config) {
        this.config = config;
        this.memory = new MemoryBudget(config.maxMemory());
        this.blocked = BlockedNetworks.of(config.blockedNetworks());
        this.inputs = Reach.inputs(Bounds.OPEN, blocked);
        // the transport hands back the call it was given: always this engine's
        this.transport = new NettyTransport(config, memory, (call, attempt) -> attemptEnded((Call) call, attempt));
        this.dispatcher = new Dispatcher(config, new Dispatcher.Listener() {
            @Override
            public void start(Call call) {
                transport.execute(call);
            }

            @Override
            public void unreachable(Call call, FailureKind kind, String message) {
                end(call, failed(call.request(), call.index(), kind, message));
            }
        }, timer, System::nanoTime);
    }

    /** Runs one request; {@code listener} receives its outcome exactly once, possibly on this thread. */
    public void submit(Request request, long index, Consumer<Outcome> listener) {
        submit(request, null, inputs, index, listener);
    }

    /**
     * The same for a request whose source knew more where it was born: {@code url} is its URL parsed (or null, to
     * be parsed here) and {@code reach} where it may connect.
     */
    public void submit(Request request, Url url, Reach reach, long index, Consumer<Outcome> listener) {
        String problem = RequestChecks.problem(request);
        if (problem != null) {
            listener.accept(failed(request, index, FailureKind.INVALID_INPUT, problem));
            return;
        }
        Url target = url;
        if (target == null) {
            try {
                target = Url.parse(request.url(), lastParsed);
            } catch (InvalidUrlException e) {
                listener.accept(failed(request, index, FailureKind.INVALID_URL, e.getMessage()));
                return;
            }
            lastParsed = target;
        }
        if (target.userInfo() != null && !request.headers().contains("Authorization")) {
            // credentials in the URL are sent as Basic authentication, as curl does; the record redacts them
            request = request.withHeader("Authorization", target.basicAuthorization());
        }
        Call call = new Call(request, index, target, reach, listener);
        open.add(call);
        if (!dispatcher.enqueue(call)) {
            cancel(call);
        }
    }

    /** Where the inputs of a run within {@code bounds} may go (a crawl's: its scope names hosts). */
    public Reach inputs(Bounds bounds) {
        return bounds == Bounds.OPEN ? inputs : Reach.inputs(bounds, blocked);
    }

    public StreamRun startStream(Iterator<? extends Request> requests, boolean ordered) {
        return startStream(Feed.of(requests, inputs), ordered);
    }

    public StreamRun startStream(Feed feed, boolean ordered) {
        return StreamRun.start(this, feed, ordered, config.concurrency() + config.streamBuffer());
    }

    /** Called by the transport, on an I/O thread, when an attempt has ended. */
    private void attemptEnded(Call call, Outcome attempt) {
        dispatcher.finished(call, attempt);
        if (call.takeSetAside()) {
            // its body gave way to unblock the memory budget: sent again once the bodies it gave way to have room
            memory.whenUnblocked(() -> requeue(call));
            return;
        }
        int made = call.attemptEnded();
        RetryPolicy retry = config.retry();
        // the clock is read only for an attempt that will be retried: most attempts are final
        long delay = closed || made > retry.maxRetries() || !retry.retryable(attempt) ? RetryPolicy.NO_RETRY
                : retry.delayNanos(attempt, made, Instant.now(), ThreadLocalRandom.current());
        if (!closed && config.rateHeaders() && retry.maxRetries() > 0 && attempt.hasResponse()
                && (attempt.status() == 429 || attempt.status() == 403) && call.quotaRetry(attempt)) {
            // over quota: the dispatcher holds the host until the reset (or paces it at its learned rate), so
            // the retry needs no wait of its own, whatever the policy says about 403 and however many retries it
            // allows; a Retry-After the policy honours is still waited on the timer, where the progress line sees it
            delay = delay == RetryPolicy.NO_RETRY ? 0 : delay;
        }
        if (delay == RetryPolicy.NO_RETRY) {
            Object redirect = !closed && config.redirects().maxRedirects() > 0 && Redirects.isRedirect(attempt)
                    ? Redirects.follow(call, attempt, config.redirects()) : null;
            if (redirect instanceof Redirects.Next next) {
                discard(attempt);
                call.redirectTo(next.request(), next.url(), next.reach());
                requeue(call);
            } else if (redirect instanceof Outcome refused) {
                discard(attempt);
                end(call, refused);
            } else {
                end(call, attempt);
            }
            return;
        }
        discard(attempt);
        retries.computeIfAbsent(RetryPolicy.reason(attempt), r -> new LongAdder()).increment();
        call.retryingAfter(attempt.errorText());
        boolean asked = attempt.hasResponse() && attempt.headers().get("retry-after") != null;
        retriesWaiting.incrementAndGet();
        if (asked) {
            retryAfterWaiting.incrementAndGet();
        }
        long wake = System.nanoTime() + delay;
        lastRetryWakeNanos.accumulateAndGet(wake, (a, b) -> a - b > 0 ? a : b);
        if (!timer.schedule(() -> {
            retryWaitEnded(asked);
            requeue(call);
        }, delay)) {
            retryWaitEnded(asked);
            cancel(call);
        }
    }

    private void retryWaitEnded(boolean asked) {
        retriesWaiting.decrementAndGet();
        if (asked) {
            retryAfterWaiting.decrementAndGet();
        }
    }

    /** Retries waiting for their time now. */
    public RetryWaits retryWaits() {
        int waiting = retriesWaiting.get();
        if (waiting <= 0) {
            return RetryWaits.NONE;
        }
        long left = Math.max(0, lastRetryWakeNanos.get() - System.nanoTime());
        return new RetryWaits(waiting, Math.max(0, retryAfterWaiting.get()), Duration.ofNanos(left));
    }

    private void requeue(Call call) {
        if (!dispatcher.enqueue(call)) {
            cancel(call);
        }
    }

    /**
     * Delivers the call's outcome, counting every attempt it made, why the last one before was retried and the proxy
     * of the last (one copy of the attempt's outcome, two after redirects).
     */
    private void end(Call call, Outcome o) {
        open.remove(call);
        call.deliver(new Outcome(o.request(), o.index(), o.status(), o.headers(), o.body(), o.bytes(), o.failure(),
                o.elapsedNanos(), call.attempts(), call.lastError(), o.redirects(), o.finalUrl(), o.bodyFile(), call.proxy())
                .afterRedirects(call.original(), call.redirects()));
    }

    /**
     * The outcome has been handed over (or is not wanted): the memory its body held goes back to the budget. Once
     * per outcome that carries a kept body.
     */
    public void handedOver(Outcome outcome) {
        memory.release(outcome.body().length);
    }

    /** An outcome nobody will see: its memory goes back and its saved body file is deleted. */
    public void discard(Outcome outcome) {
        handedOver(outcome);
        deleteBodyFile(outcome);
    }

    /** Deletes the file an outcome's body was saved in, if any: nobody will record it. */
    public void deleteBodyFile(Outcome outcome) {
        if (outcome.bodyFile() != null) {
            try {
                Files.deleteIfExists(outcome.bodyFile());
            } catch (IOException ignored) {
                // a stray temporary file in the save directory
            }
        }
    }

    /** Bodies held in memory now, and at most, within the budget. */
    public MemoryBudget memory() {
        return memory;
    }

    private void cancel(Call call) {
        end(call, failed(call.request(), call.index(), FailureKind.CANCELLED, "the client was closed"));
    }

    static Outcome failed(Request request, long index, FailureKind kind, String message) {
        return Outcome.unsent(request, index, Failure.beforeSend(kind, message));
    }

    /** Retries so far by reason, adaptive limits and hosts given up. */
    public ClientStats stats() {
        Map<String, Long> byReason = new HashMap<>();
        retries.forEach((reason, n) -> byReason.put(reason, n.sum()));
        Map<String, ClientStats.HostLimit> limits = new HashMap<>();
        dispatcher.adaptiveLimits().forEach((host, v) -> limits.put(host, new ClientStats.HostLimit(v[0], v[1], v[2], v[3])));
        return new ClientStats(byReason, limits, dispatcher.unreachableHosts(), memory.snapshot(),
                dispatcher.proxiesTakenOut(), dispatcher.quotas());
    }

    /**
     * Ends the client: waiting calls (queued or between retries) are cancelled, connections closed, and any
     * call the transport could not end while shutting down is cancelled here, so every call still gets
     * exactly one outcome.
     */
    @Override
    public void close() {
        end(true);
    }

    /**
     * {@link #close} in a process that exits right after: the same outcomes, but the connections are left to the
     * operating system and the I/O threads never end ({@link NettyTransport#abandon}).
     */
    public void closeForExit() {
        end(false);
    }

    private void end(boolean closeConnections) {
        closed = true;
        timer.close();
        dispatcher.close().forEach(this::cancel);
        if (closeConnections) {
            transport.close();
        } else {
            transport.abandon();
        }
        for (Call call : open.toArray(Call[]::new)) {
            cancel(call);
        }
    }
}
