package dev.fanout.internal.transport;

import dev.fanout.FanoutConfig;
import dev.fanout.internal.net.Url;

/**
 * The parts every {@link Exchange} of a client works with, made once with the transport: the client's settings,
 * the body budget ({@link KeptBody} reserves there), the request encoder, the idle connections a finished exchange
 * gives its connection back to, and where outcomes go. Immutable (the parts themselves are thread-safe).
 */
record ExchangeParts(FanoutConfig config, MemoryBudget memory, RequestEncoder encoder, IdleConnections idle,
                     NettyTransport.Completion completion) {

    /** Whether a connection to {@code target} may turn out HTTP/2 (the server chooses by ALPN). */
    boolean mayUseHttp2(Url target) {
        return Pipelines.mayUseHttp2(config.tls(), target);
    }
}
