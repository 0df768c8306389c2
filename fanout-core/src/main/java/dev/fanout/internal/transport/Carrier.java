package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * What carries one {@link Exchange}'s request and response: an HTTP/1.1 connection ({@link ExchangeHandler}, one
 * exchange after another) or one stream of a shared HTTP/2 connection ({@link SharedStream}, one exchange). The
 * carrier routes the response's parts to the exchange attached to it; every method runs on the connection's event
 * loop.
 */
interface Carrier {
    /** The connection it runs on. */
    Channel connection();

    /** From now on the response's parts, and what breaks the carrier, go to {@code exchange}. */
    void attach(Exchange exchange);

    /** Nothing more goes to the exchange attached. */
    void detach();

    /** Writes the request; the future fails when it could not be written. */
    ChannelFuture send(RequestEncoder encoder, Request request, Url target, Proxy proxy);

    /** Stops reading the response (the server is held back by TCP's or HTTP/2's flow control) until resumed. */
    void pauseReading();

    /** Goes on reading after {@link #pauseReading}: what arrived meanwhile is delivered first. */
    void resumeReading();

    /**
     * The response was read to its end: an HTTP/1.1 connection goes back to its pool when {@code keepAlive} and
     * still open (else it closes); an HTTP/2 stream has ended already.
     */
    void finished(boolean keepAlive);

    /** The exchange ends without its whole response: the connection is closed, or the stream reset. */
    void abandon();
}
