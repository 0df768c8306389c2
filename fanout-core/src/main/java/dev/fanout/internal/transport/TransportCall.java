package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

/**
 * What the transport sees of a call the engine hands it: the request of this attempt, where it may connect and
 * through which proxy, and two things the transport tells the call about an attempt in progress. Implemented by
 * the engine's call; read and told on the event loop that runs the attempt.
 */
public interface TransportCall {
    /** The request to send now (a redirect may have changed it since the input's). */
    Request request();

    /** The request's URL, parsed once. */
    Url target();

    /** Where this attempt may connect, asked after DNS and for reused connections too. */
    Reach reach();

    /** The proxy this attempt goes through, or null when it connects directly. */
    Proxy proxy();

    /** The input's position (for logs and saved bodies). */
    long index();

    /**
     * The request was sent once more within one attempt, after {@code error} (a reused keep-alive connection
     * closed under it): a send that the outcome counts, not against the retry budget.
     */
    void sentAgain(String error);

    /**
     * The transport let go of this call's half-read body to unblock the memory budget ({@code why}): the call
     * goes back to the queue to be sent again, not against the retry budget.
     */
    void setAside(String why);
}
