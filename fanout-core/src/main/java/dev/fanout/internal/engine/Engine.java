package dev.fanout.internal.engine;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.internal.transport.InvalidUrlException;
import dev.fanout.internal.transport.NettyTransport;
import dev.fanout.internal.transport.Target;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Assembles the request pipeline and owns its parts. The order in which a request meets them is
 * {@link #submit}: validate → admission (global and per-host limits) → transport → outcome to the listener.
 */
public final class Engine implements AutoCloseable {
    private static final byte[] NO_BODY = new byte[0];

    private final FanoutConfig config;
    private final NettyTransport transport;
    private final Dispatcher dispatcher;
    /** Calls admitted and not yet ended, so that close can end every one of them. */
    private final Set<Call> open = ConcurrentHashMap.newKeySet();

    public Engine(FanoutConfig config) {
        this.config = config;
        this.transport = new NettyTransport(config, this::completed);
        this.dispatcher = new Dispatcher(config.concurrency(), config.perHost(), transport::execute);
    }

    /** Runs one request; {@code listener} receives its outcome exactly once, possibly on this thread. */
    public void submit(Request request, long index, Consumer<Outcome> listener) {
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
        Call call = new Call(request, index, target, listener);
        open.add(call);
        if (!dispatcher.enqueue(call)) {
            cancel(call);
        }
    }

    public StreamRun startStream(Iterator<? extends Request> requests, boolean ordered) {
        return StreamRun.start(this, requests, ordered, config.concurrency() + config.streamBuffer());
    }

    /** Called by the transport, on an I/O thread, when a call has ended. */
    private void completed(Call call, Outcome outcome) {
        dispatcher.finished(call);
        open.remove(call);
        call.deliver(outcome);
    }

    private void cancel(Call call) {
        open.remove(call);
        call.deliver(failed(call.request(), call.index(), FailureKind.CANCELLED, "the client was closed"));
    }

    static Outcome failed(Request request, long index, FailureKind kind, String message) {
        return new Outcome(request, index, 0, Headers.empty(), NO_BODY, 0, Failure.beforeSend(kind, message), 0, 0);
    }

    /**
     * Ends the client: waiting calls are cancelled, connections closed, and any call the transport could not
     * end while shutting down is cancelled here, so every call still gets exactly one outcome.
     */
    @Override
    public void close() {
        dispatcher.close().forEach(this::cancel);
        transport.close();
        for (Call call : open.toArray(Call[]::new)) {
            cancel(call);
        }
    }
}
