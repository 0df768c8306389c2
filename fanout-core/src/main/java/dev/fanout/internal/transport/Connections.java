package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * What an {@link Exchange} asks of the transport it runs in: a connection (perhaps a shared HTTP/2 one), a move
 * to the loop that connection lives on, and whether the client is closing. Everything else an exchange needs comes
 * with {@link #parts()}. Called on the exchange's event loop.
 */
interface Connections {
    /** The parts every exchange of this client works with. */
    ExchangeParts parts();

    /**
     * A connected channel (TLS handshake done) on {@code loop}, or the reason there is none; for an HTTPS origin
     * it may be a shared HTTP/2 connection ({@link Http2Connection#of}) on another loop, or null: the connection
     * being negotiated turned out HTTP/1.1, ask again.
     */
    Future<Channel> connect(TransportCall call, OriginPool pool, EventLoop loop);

    /**
     * Runs the call on {@code connection}'s loop, on a stream already reserved for it: an exchange that got an
     * HTTP/2 connection living on another loop than its own moves there (its timers start again).
     */
    void moveTo(TransportCall call, OriginPool pool, Http2Connection connection, boolean reused);

    /** Whether the client is closing: whatever breaks now breaks because of the close. */
    boolean closing();
}
