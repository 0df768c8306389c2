package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * The {@link Carrier} of one exchange on a stream of a shared {@link Http2Connection}: sends its request as the
 * stream's HEADERS (and DATA), and hands the exchange the response the connection reads for the stream — its
 * head as an HTTP response, its DATA as body parts (through a {@link ContentDecoder} when the body is compressed),
 * its end, a reset or the stream's close. One per attempt; on the connection's event loop.
 *
 * <p>While reading is paused the stream's DATA is held, and not given back to HTTP/2's flow control, so the
 * server stops once the stream's window is full; resuming delivers what was held, then gives it back.
 */
final class SharedStream implements Carrier {
    private final Http2Connection connection;
    private final Runnable releaseSlot;
    private final int inflateLimit;
    private Http2Stream stream;
    private Exchange current;
    /** The final (not 1xx) response head has been delivered. */
    private boolean headDelivered;
    /** The server ended the stream (its last part may still be held). */
    private boolean remoteEnded;
    /** The request is a HEAD: its response ends with its head, whatever DATA a server sends after. */
    private boolean headRequest;
    /** The response has no content (to a HEAD, or 204 or 304): it ends with its head (RFC 9113, 8.1.1). */
    private boolean noContent;
    private boolean paused;
    /** Body parts read while paused, in order, the last one a {@link LastHttpContent} when the end came. */
    private ArrayDeque<HttpContent> held;
    /** Inflates a compressed body, ending in an {@link ExchangeHandler} that routes to the exchange; else null. */
    private EmbeddedChannel decoding;

    SharedStream(Http2Connection connection, Runnable releaseSlot, int inflateLimit) {
        this.connection = connection;
        this.releaseSlot = releaseSlot;
        this.inflateLimit = inflateLimit;
    }

    @Override
    public Channel connection() {
        return connection.channel();
    }

    @Override
    public void attach(Exchange exchange) {
        current = exchange;
    }

    @Override
    public void detach() {
        current = null;
    }

    /** Opens the stream with the request: fields and body as {@link RequestEncoder#encodeHttp2} makes them. */
    @Override
    public ChannelFuture send(RequestEncoder encoder, Request request, Url target, Proxy proxy) {
        headRequest = request.method().equals("HEAD");
        RequestEncoder.Http2Request frames = encoder.encodeHttp2(request, target);
        ChannelFuture written = connection.open(this, frames.headers(), frames.body());
        if (stream == null) {
            releaseSlot.run(); // Netty refused to create it: it will never close
        }
        return written;
    }

    /** Netty created the stream for this request's HEADERS. */
    void opened(Http2Stream created) {
        stream = created;
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        while (!paused && held != null && !held.isEmpty()) {
            HttpContent part = held.poll();
            int bytes = part.content().readableBytes();
            deliver(part);
            if (stream != null) {
                connection.consumed(stream, bytes);
            }
        }
    }

    @Override
    public void finished(boolean keepAlive) {
        endDecoding();
        if (stream != null && stream.state() != Http2Stream.State.CLOSED
                && (stream.state() == Http2Stream.State.OPEN || !remoteEnded)) {
            // the whole response came while the request's body was still going out (it need not, now), or a HEAD's
            // answer ended with its head while the server goes on
            connection.cancel(stream);
        }
    }

    @Override
    public void abandon() {
        endDecoding();
        releaseHeld();
        if (stream == null) {
            releaseSlot.run();
        } else if (stream.state() != Http2Stream.State.CLOSED) {
            connection.cancel(stream);
        }
    }

    /** A HEADERS frame for the stream: the response's head (or an interim 1xx one), or its trailers. */
    void onHeaders(Http2Headers headers, boolean endOfStream) {
        Exchange ex = current;
        end(endOfStream);
        if (ex == null) {
            return;
        }
        if (headDelivered) {
            // trailers: the body's end (their fields are not kept)
            part(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        HttpResponse head;
        try {
            head = response(headers);
        } catch (Http2Exception e) {
            ex.onError(e);
            return;
        }
        int code = head.status().code();
        boolean interim = code >= 100 && code < 200 && code != 101;
        headDelivered = !interim;
        noContent = !interim && (headRequest || code == 204 || code == 304);
        ex.onBytes();
        if (!interim && head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
            decoding = new EmbeddedChannel(new ContentDecoder(inflateLimit), ExchangeHandler.routing(ex));
            decoding.writeInbound(head);
        } else {
            ex.onHead(head);
        }
        if (interim) {
            ex.onLast(); // an interim response has no body: the real one follows
        } else if ((endOfStream || noContent) && current == ex) {
            part(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /**
     * The response head as HTTP/1.1's objects carry it: the status, and the fields but the pseudo-header ones
     * (and Transfer-Encoding, which HTTP/2 has no use for). Netty's conversion also adds a field of its own
     * (x-http2-stream-id), which the records would keep.
     */
    private static HttpResponse response(Http2Headers fields) throws Http2Exception {
        // in the list HTTP/1.1's decoder fills, which every response's questions (keep-alive, length, the fields
        // records keep) go to anyway: cheaper than Netty's map, and no second implementation to warm up
        FieldList out = new FieldList(fields.size());
        for (Map.Entry<CharSequence, CharSequence> field : fields) {
            CharSequence name = field.getKey();
            if (!Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(name)
                    && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
                out.append(name.toString(), field.getValue().toString());
            }
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpConversionUtil.parseStatus(fields.status()), out);
    }

    /** A DATA frame's body part; returns how many of its bytes flow control may have back now. */
    int onData(ByteBuf data, boolean endOfStream) {
        end(endOfStream);
        if (current == null || noContent) {
            return data.readableBytes();
        }
        int bytes = data.readableBytes();
        return part(endOfStream ? new DefaultLastHttpContent(data.retain()) : new DefaultHttpContent(data.retain())) ? bytes : 0;
    }

    private void end(boolean endOfStream) {
        if (endOfStream) {
            remoteEnded = true;
            connection.ended(stream);
        }
    }

    /** The server reset the stream. */
    void onReset(long errorCode) {
        Exchange ex = current;
        if (ex != null) {
            ex.onStreamReset(errorCode);
        }
    }

    /** Netty found the stream broken (a malformed frame, say); it resets it next. */
    void onError(Throwable cause) {
        Exchange ex = current;
        if (ex != null) {
            ex.onError(cause);
        }
    }

    /** The stream closed: its slot is free; an exchange still waiting for its response learns it closed. */
    void closed() {
        releaseSlot.run();
        Exchange ex = current;
        if (ex != null && !remoteEnded) {
            ex.onClosed(); // once the server ended it, the whole response is here, delivered or held
        }
    }

    /**
     * Delivers a body part, or holds it behind those held while reading is paused; returns whether it was
     * delivered (a held part's bytes go back to flow control when it is).
     */
    private boolean part(HttpContent part) {
        if (!paused && (held == null || held.isEmpty())) {
            deliver(part);
            return true;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(part);
        return false;
    }

    /** Hands a body part to the exchange, through the decoder when there is one; the part is released. */
    private void deliver(HttpContent part) {
        Exchange ex = current;
        if (ex == null) {
            part.release();
            return;
        }
        if (decoding != null) {
            decoding.writeInbound(part);
            return;
        }
        try {
            ex.onBytes();
            ex.onContent(part.content());
            if (part instanceof LastHttpContent && current == ex) {
                ex.onLast();
            }
        } finally {
            part.release();
        }
    }

    private void releaseHeld() {
        if (held != null) {
            for (HttpContent part; (part = held.poll()) != null; ) {
                part.release();
            }
        }
    }

    private void endDecoding() {
        if (decoding != null) {
            EmbeddedChannel d = decoding;
            decoding = null;
            ExchangeHandler.of(d).detach();
            d.finishAndReleaseAll();
        }
    }
}
