package dev.fanout.internal.engine;

import dev.fanout.ClientStats;
import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.internal.UserInfo;
import dev.fanout.internal.transport.InvalidUrlException;
import dev.fanout.internal.transport.NettyTransport;
import dev.fanout.internal.transport.Target;
import dev.fanout.retry.RetryPolicy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Assembles the request pipeline and owns its parts. The order in which a request meets them:
 * <ol>
 *   <li>{@link #submit}: validation ({@link RequestChecks}, {@link Target#parse}) — bad input ends here;</li>
 *   <li>{@link Dispatcher}: admission — concurrency limits (fixed or adaptive), rate limits, Retry-After
 *       pauses, hosts given up;</li>
 *   <li>{@link NettyTransport}: one attempt — connection, per-phase timeouts, response;</li>
 *   <li>{@link #attemptEnded}: the {@link RetryPolicy} decides — back to the dispatcher after a delay on the
 *       {@link Timer}; else a redirect ({@link Redirects}) goes back to the dispatcher for its new host; else
 *       the outcome goes to the listener.</li>
 * </ol>
 */
public final class Engine implements AutoCloseable {
    private static final byte[] NO_BODY = new byte[0];

    private final FanoutConfig config;
    private final NettyTransport transport;
    private final Timer timer = new Timer();
    private final Dispatcher dispatcher;
    /** Calls admitted and not yet ended, so that close can end every one of them. */
    private final Set<Call> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, LongAdder> retries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Engine(FanoutConfig config) {
        this.config = config;
        this.transport = new NettyTransport(config, this::attemptEnded);
        this.dispatcher = new Dispatcher(config, new Dispatcher.Listener() {
            @Override
            public void start(Call call) {
                transport.execute(call);
            }

            @Override
            public void unreachable(Call call, String message) {
                end(call, failed(call.request(), call.index(), FailureKind.HOST_UNREACHABLE, message));
            }
        }, timer, System::nanoTime);
    }

    /** Runs one request; {@code listener} receives its outcome exactly once, possibly on this thread. */
    public void submit(Request request, long index, Consumer<Outcome> listener) {
        submit(request, index, listener, Boundary.OPEN);
    }

    /** The same, within {@code boundary}. */
    public void submit(Request request, long index, Consumer<Outcome> listener, Boundary boundary) {
        String userInfo = UserInfo.of(request.url());
        if (userInfo != null && !request.headers().contains("Authorization")) {
            // credentials in the URL are sent as Basic authentication, as curl does; the record redacts them
            request = request.withHeader("Authorization", UserInfo.basicAuthorization(userInfo));
        }
        String problem = RequestChecks.problem(request);
        if (problem != null) {
            listener.accept(failed(request, index, FailureKind.INVALID_INPUT, problem));
            return;
        }
        Target target;
        try {
            target = Target.parse(request.url());
        } catch (InvalidUrlException e) {
            listener.accept(failed(request, index, FailureKind.INVALID_URL, e.getMessage()));
            return;
        }
        Call call = new Call(request, index, target, listener, boundary);
        open.add(call);
        if (!dispatcher.enqueue(call)) {
            cancel(call);
        }
    }

    public StreamRun startStream(Iterator<? extends Request> requests, boolean ordered) {
        return startStream(requests, ordered, Boundary.OPEN);
    }

    public StreamRun startStream(Iterator<? extends Request> requests, boolean ordered, Boundary boundary) {
        return StreamRun.start(this, requests, ordered, config.concurrency() + config.streamBuffer(), boundary);
    }

    /** Called by the transport, on an I/O thread, when an attempt has ended. */
    private void attemptEnded(Call call, Outcome attempt) {
        dispatcher.finished(call, attempt);
        int made = call.attemptEnded();
        RetryPolicy retry = config.retry();
        // the clock is read only for an attempt that will be retried: most attempts are final
        long delay = closed || made > retry.maxRetries() || !retry.retryable(attempt) ? RetryPolicy.NO_RETRY
                : retry.delayNanos(attempt, made, Instant.now(), ThreadLocalRandom.current());
        if (!closed && config.rateHeaders() && retry.maxRetries() > 0 && attempt.hasResponse()
                && (attempt.status() == 429 || attempt.status() == 403) && call.quotaRetry(attempt)) {
            // over quota: the dispatcher holds the host until the reset (or paces it at its learned rate), so
            // the retry queues at once, whatever the policy says about 403 and however many retries it allows
            delay = 0;
        }
        if (delay == RetryPolicy.NO_RETRY) {
            Object redirect = !closed && config.redirects().maxRedirects() > 0 && Redirects.isRedirect(attempt)
                    ? Redirects.follow(call, attempt, config.redirects()) : null;
            if (redirect instanceof Redirects.Next next) {
                call.redirectTo(next.request(), next.target());
                requeue(call);
            } else {
                end(call, redirect instanceof Outcome refused ? refused : attempt);
            }
            return;
        }
        retries.computeIfAbsent(RetryPolicy.reason(attempt), r -> new LongAdder()).increment();
        call.retryingAfter(attempt.errorText());
        if (!timer.schedule(() -> requeue(call), delay)) {
            cancel(call);
        }
    }

    private void requeue(Call call) {
        if (!dispatcher.enqueue(call)) {
            cancel(call);
        }
    }

    /** Delivers the call's outcome, counting every attempt it made and why the last one before was retried. */
    private void end(Call call, Outcome outcome) {
        open.remove(call);
        call.deliver(outcome.withAttempts(call.attempts(), call.lastError()).afterRedirects(call.original(), call.redirects()));
    }

    private void cancel(Call call) {
        end(call, failed(call.request(), call.index(), FailureKind.CANCELLED, "the client was closed"));
    }

    static Outcome failed(Request request, long index, FailureKind kind, String message) {
        return new Outcome(request, index, 0, Headers.empty(), NO_BODY, 0, Failure.beforeSend(kind, message), 0, 0, null);
    }

    /** Retries so far by reason, adaptive limits and hosts given up. */
    public ClientStats stats() {
        Map<String, Long> byReason = new HashMap<>();
        retries.forEach((reason, n) -> byReason.put(reason, n.sum()));
        Map<String, ClientStats.HostLimit> limits = new HashMap<>();
        dispatcher.adaptiveLimits().forEach((host, v) -> limits.put(host, new ClientStats.HostLimit(v[0], v[1], v[2], v[3])));
        return new ClientStats(byReason, limits, dispatcher.unreachableHosts(), dispatcher.quotas());
    }

    /**
     * Ends the client: waiting calls (queued or between retries) are cancelled, connections closed, and any
     * call the transport could not end while shutting down is cancelled here, so every call still gets
     * exactly one outcome.
     */
    @Override
    public void close() {
        closed = true;
        timer.close();
        dispatcher.close().forEach(this::cancel);
        transport.close();
        for (Call call : open.toArray(Call[]::new)) {
            cancel(call);
        }
    }
}
