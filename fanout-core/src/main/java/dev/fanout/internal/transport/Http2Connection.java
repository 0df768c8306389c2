package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2NoMoreStreamIdsException;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP/2 connection shared by the exchanges of an origin, each on its own {@link SharedStream}: the last
 * handler of the connection's pipeline, Netty's HTTP/2 connection handler (frames, HPACK, flow control, stream
 * states) with the frames read handed straight to the stream they belong to — no channel, pipeline or frame
 * object per stream. It learns the server's stream limit from its SETTINGS and stops handing the connection out
 * once the server sends GOAWAY or it closes.
 *
 * <p>Stream slots are reserved with {@link #tryReserve()} from any thread and released when their stream closes;
 * the dispatcher's per-host limit bounds them in any case, so the server's limit only matters when it is lower.
 * Everything else runs on the connection's event loop.
 */
final class Http2Connection extends Http2ConnectionHandler {
    /** What a client may assume before the server's SETTINGS arrive (RFC 9113 recommends servers allow ≥100). */
    private static final int ASSUMED_MAX_STREAMS = 100;
    private static final AttributeKey<Http2Connection> OF_CHANNEL = AttributeKey.valueOf(Http2Connection.class, "handler");

    private final Channel channel;
    private final OriginPool pool;
    private final int inflateLimit;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile int maxStreams = ASSUMED_MAX_STREAMS;
    private volatile boolean closing;
    private volatile long idleSinceNanos = System.nanoTime();
    private final Promise<Void> settled;
    /** Which {@link SharedStream} each of Netty's streams carries. */
    private final io.netty.handler.codec.http2.Http2Connection.PropertyKey carried;
    private ChannelHandlerContext ctx;
    /** The stream whose HEADERS are being written: Netty creates its stream meanwhile ({@link #open}). */
    private SharedStream opening;

    private Http2Connection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                            Channel channel, OriginPool pool, int inflateLimit) {
        super(decoder, encoder, settings);
        this.channel = channel;
        this.pool = pool;
        this.inflateLimit = inflateLimit;
        this.settled = channel.eventLoop().newPromise();
        this.carried = connection().newKey();
        connection().addListener(new StreamEvents());
        decoder.frameListener(new Frames());
    }

    /**
     * The handler of a new HTTP/2 connection on {@code ch}, offering {@code settings}; compressed bodies are inflated
     * {@code inflateLimit} bytes a read at most.
     */
    static Http2Connection create(Channel ch, OriginPool pool, Http2Settings settings,
                                  Http2HeadersEncoder.SensitivityDetector unindexed, int inflateLimit) {
        return new Builder(ch, pool, inflateLimit).initialSettings(settings).headerSensitivityDetector(unindexed).make();
    }

    /** The HTTP/2 connection of {@code ch}, or null when it speaks HTTP/1.1. */
    static Http2Connection of(Channel ch) {
        // every request on a shared connection asks: kept on the channel, as ExchangeHandler.of says why
        return ch.attr(OF_CHANNEL).get();
    }

    /**
     * Done when the server's first SETTINGS arrived (its stream limit is then known), or failed if the
     * connection closed before. Streams are opened only after: opening more than a server allows would have
     * them refused.
     */
    Future<Void> settled() {
        return settled;
    }

    Channel channel() {
        return channel;
    }

    /** Whether a new stream may be opened now (without reserving it). */
    boolean hasRoom() {
        return !closing && channel.isActive() && streams.get() < maxStreams;
    }

    /** Whether the server's SETTINGS allow no stream at all (RFC 9113 permits 0, as a pause). */
    boolean allowsNoStreams() {
        return maxStreams == 0;
    }

    /** Takes one stream slot; false when the connection is full, going away or closed. */
    boolean tryReserve() {
        while (true) {
            int n = streams.get();
            if (closing || !channel.isActive() || n >= maxStreams) {
                return false;
            }
            if (streams.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A stream on a slot the caller reserved; it opens when its request is sent. On the connection's loop. */
    SharedStream newStream() {
        return new SharedStream(this, releaseOnce(), inflateLimit);
    }

    /** Gives the reserved slot back, once however often it is run. */
    private Runnable releaseOnce() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true) && streams.decrementAndGet() == 0) {
                idleSinceNanos = System.nanoTime();
            }
        };
    }

    /** Whether no stream has been open on it since before {@code idleBefore}. */
    boolean idleSince(long idleBefore) {
        return streams.get() == 0 && idleSinceNanos - idleBefore < 0;
    }

    /**
     * Opens {@code stream} with its request: HEADERS, then the body's DATA (flow-controlled) when there is one. The
     * future is the last frame's; it fails when the request could not be written.
     */
    ChannelFuture open(SharedStream stream, Http2Headers headers, ByteBuf body) {
        int id = connection().local().incrementAndGetNextStreamId();
        if (id < 0) {
            goingAway(); // the connection has used up its stream ids: new streams go to another one
            if (body != null) {
                body.release();
            }
            return ctx.newFailedFuture(new Http2NoMoreStreamIdsException());
        }
        ChannelPromise headersWritten = ctx.newPromise();
        opening = stream;
        try {
            encoder().writeHeaders(ctx, id, headers, 0, body == null, headersWritten);
        } finally {
            opening = null;
        }
        ChannelFuture last = headersWritten;
        if (body != null) {
            last = encoder().writeData(ctx, id, body, 0, true, ctx.newPromise());
        }
        flush(ctx);
        return last;
    }

    /** Gives {@code bytes} of a stream's body back to the flow-control windows, once its exchange has taken them. */
    void consumed(Http2Stream stream, int bytes) {
        try {
            if (decoder().flowController().consumeBytes(stream, bytes)) {
                flush(ctx);
            }
        } catch (Http2Exception e) {
            onError(ctx, false, e);
        }
    }

    /**
     * The server ended {@code stream}: when the request has all been sent, the stream is closed now, before its
     * exchange completes (Netty would close it once the frame's callback returns): the exchange's completion may start
     * the next request at once, and that one may have this stream's slot.
     */
    void ended(Http2Stream stream) {
        if (stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
            closeStream(stream, ctx.newSucceededFuture());
        }
    }

    /**
     * Resets {@code stream} (CANCEL): its exchange gave up on it. The stream is closed now, not once the RST_STREAM
     * has left (flushes outside a read wait for the loop's next turn): its slot serves the next request at once, whose
     * HEADERS then follow the RST_STREAM on the wire, so the server has closed it too by the time they arrive.
     */
    void cancel(Http2Stream stream) {
        resetStream(ctx, stream.id(), Http2Error.CANCEL.code(), ctx.newPromise());
        flush(ctx);
        if (stream.state() != Http2Stream.State.CLOSED) {
            closeStream(stream, ctx.newSucceededFuture());
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        ctx.channel().attr(OF_CHANNEL).set(this);
        super.handlerAdded(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().attr(OF_CHANNEL).compareAndSet(this, null);
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        goingAway(); // before the streams close: their exchanges, sent again, must not pick this one
        settled.tryFailure(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            super.exceptionCaught(ctx, cause); // a protocol error: Netty answers it (GOAWAY or RST_STREAM)
            return;
        }
        // the connection broke (reset, TLS): no GOAWAY can help; each open stream's exchange learns why, then it closes
        goingAway();
        settled.tryFailure(cause);
        connection().forEachActiveStream(stream -> {
            SharedStream s = carrying(stream);
            if (s != null) {
                s.onError(cause);
            }
            return true;
        });
        ctx.close();
    }

    @Override
    protected void onConnectionError(ChannelHandlerContext ctx, boolean outbound, Throwable cause, Http2Exception http2Ex) {
        // Netty sends GOAWAY and closes; the streams' exchanges learn it as their streams close
        goingAway();
        settled.tryFailure(cause);
        super.onConnectionError(ctx, outbound, cause, http2Ex);
    }

    @Override
    protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
                                 Http2Exception.StreamException http2Ex) {
        SharedStream s = carrying(connection().stream(http2Ex.streamId()));
        if (s != null) {
            s.onError(cause); // before Netty resets and closes it: the error, not the close, is what happened
        }
        super.onStreamError(ctx, outbound, cause, http2Ex);
    }

    private void goingAway() {
        closing = true;
        pool.removeShared(this);
    }

    private SharedStream carrying(Http2Stream stream) {
        return stream == null ? null : stream.getProperty(carried);
    }

    /** Binds each stream we open to its {@link SharedStream}, and tells that when the stream closes. */
    private final class StreamEvents extends Http2ConnectionAdapter {
        @Override
        public void onStreamAdded(Http2Stream stream) {
            if (opening != null && connection().local().isValidStreamId(stream.id())) {
                stream.setProperty(carried, opening);
                opening.opened(stream);
            }
        }

        @Override
        public void onStreamClosed(Http2Stream stream) {
            SharedStream s = carrying(stream);
            if (s != null) {
                s.closed();
            }
        }
    }

    /** The frames the server sends, each to the stream it belongs to (or to the connection). */
    private final class Frames extends Http2EventAdapter {
        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            SharedStream s = carrying(connection().stream(streamId));
            return padding + (s == null ? data.readableBytes() : s.onData(data, endOfStream));
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
            SharedStream s = carrying(connection().stream(streamId));
            if (s != null) {
                s.onHeaders(headers, endOfStream);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            SharedStream s = carrying(connection().stream(streamId));
            if (s != null) {
                s.onReset(errorCode);
            }
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
            Long max = settings.maxConcurrentStreams();
            if (max != null) {
                maxStreams = (int) Math.min(Integer.MAX_VALUE, max);
            }
            settled.trySuccess(null);
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            // streams up to lastStreamId finish (Netty closes the later ones); no new ones start here
            goingAway();
        }
    }

    /** Netty's builder of connection handlers, building this one for a client. */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2Connection, Builder> {
        private final Channel channel;
        private final OriginPool pool;
        private final int inflateLimit;

        Builder(Channel channel, OriginPool pool, int inflateLimit) {
            this.channel = channel;
            this.pool = pool;
            this.inflateLimit = inflateLimit;
            connection(clientConnection());
            // we close a connection only when done with it (the client closes, it sat idle, it broke): at once, not
            // after waiting up to 30 s for its streams
            gracefulShutdownTimeoutMillis(0);
        }

        /**
         * A client's connection whose request bodies share the window evenly. Netty's default distributor keeps a
         * priority tree for every stream (RFC 9113 deprecates priorities, and fanout sends none): an HTTP/2 run of
         * 20,000 requests compiled 22 more of its methods (34, against 12 of this one) for nothing.
         */
        private static DefaultHttp2Connection clientConnection() {
            DefaultHttp2Connection connection = new DefaultHttp2Connection(false);
            connection.remote().flowController(
                    new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
            return connection;
        }

        /**
         * A client's, whatever connection it was given: Netty's builder decides from this flag alone, which only
         * {@code server(false)} clears, whether to add a server's defences, and those would close a client's connection
         * after it has reset 200 streams (as sending bodies aside over the memory budget does).
         */
        @Override
        protected boolean isServer() {
            return false;
        }

        @Override
        protected Builder initialSettings(Http2Settings settings) {
            return super.initialSettings(settings);
        }

        @Override
        protected Builder headerSensitivityDetector(Http2HeadersEncoder.SensitivityDetector detector) {
            return super.headerSensitivityDetector(detector);
        }

        Http2Connection make() {
            return build();
        }

        @Override
        protected Http2Connection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
            return new Http2Connection(decoder, encoder, settings, channel, pool, inflateLimit);
        }
    }
}
