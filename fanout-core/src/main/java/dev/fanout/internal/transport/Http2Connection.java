package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.nio.channels.ClosedChannelException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One HTTP/2 connection shared by the exchanges of an origin, each on its own stream. Sits last in the
 * connection's pipeline (after the frame codec and the stream multiplexer) to learn the server's stream limit
 * from its SETTINGS and to stop handing the connection out once the server sends GOAWAY or it closes.
 *
 * <p>Streams are reserved with {@link #tryReserve()} from any thread and released when their stream channel
 * closes; the dispatcher's per-host limit bounds them in any case, so the server's limit only matters when it
 * is lower.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {
    /** What a client may assume before the server's SETTINGS arrive (RFC 9113 recommends servers allow ≥100). */
    private static final int ASSUMED_MAX_STREAMS = 100;

    private final Channel channel;
    private final OriginPool pool;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile int maxStreams = ASSUMED_MAX_STREAMS;
    private volatile boolean closing;
    private volatile long idleSinceNanos = System.nanoTime();
    private final Promise<Void> settled;
    /** Loop-confined: see {@link #streamOpener}. */
    private Http2StreamChannelBootstrap streamOpener;

    Http2Connection(Channel channel, OriginPool pool) {
        this.channel = channel;
        this.pool = pool;
        this.settled = channel.eventLoop().newPromise();
    }

    /**
     * Done when the server's first SETTINGS arrived (its stream limit is then known), or failed if the
     * connection closed before. Streams are opened only after: opening more than a server allows would have
     * them refused.
     */
    Future<Void> settled() {
        return settled;
    }

    /** The HTTP/2 connection of {@code ch}, or null when it speaks HTTP/1.1. */
    static Http2Connection of(Channel ch) {
        return ch.pipeline().get(Http2Connection.class);
    }

    Channel channel() {
        return channel;
    }

    /**
     * Opens this connection's streams: one bootstrap for all of them (it keeps where the stream multiplexer is in
     * the pipeline), made by {@code make} on first use. On the connection's loop.
     */
    Http2StreamChannelBootstrap streamOpener(Supplier<Http2StreamChannelBootstrap> make) {
        if (streamOpener == null) {
            streamOpener = make.get();
        }
        return streamOpener;
    }

    /** Whether a new stream may be opened now (without reserving it). */
    boolean hasRoom() {
        return !closing && channel.isActive() && streams.get() < maxStreams;
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

    /** Gives the reserved slot back, once however often it is run. */
    Runnable releaseOnce() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
    }

    private void release() {
        if (streams.decrementAndGet() == 0) {
            idleSinceNanos = System.nanoTime();
        }
    }

    /** Whether no stream has been open on it since before {@code idleBefore}. */
    boolean idleSince(long idleBefore) {
        return streams.get() == 0 && idleSinceNanos - idleBefore < 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame settings) {
                Long max = settings.settings().maxConcurrentStreams();
                if (max != null) {
                    maxStreams = (int) Math.min(Integer.MAX_VALUE, max);
                }
                settled.trySuccess(null);
            } else if (msg instanceof Http2GoAwayFrame) {
                // streams already open finish (or fail and are retried); no new ones start here
                goingAway();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        goingAway();
        settled.tryFailure(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a connection-level error: the codec has sent GOAWAY; the streams fail through their own channels
        goingAway();
        settled.tryFailure(cause);
        ctx.close();
    }

    private void goingAway() {
        closing = true;
        pool.removeShared(this);
    }
}
