package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an HTTP/1.1 connection's pipeline, and the {@link Carrier} of its exchanges, one after
 * another: routes decoded response parts to the current {@link Exchange}, and takes a connection that closes while
 * idle out of its pool. Also the end of the pipeline that decodes a compressed HTTP/2 response
 * ({@link SharedStream}), which only routes. One per connection; runs on its event loop only.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter implements Carrier {
    private static final AttributeKey<ExchangeHandler> OF_CHANNEL = AttributeKey.valueOf(ExchangeHandler.class, "handler");

    private final OriginPool pool;
    private final IdleConnections idle;
    private Channel channel;
    private Exchange current;
    /** The encoder's context, from which a request's bytes are written past it; null when only routing. */
    private ChannelHandlerContext codec;
    /** The connection's decoder, told each request's method; null when only routing. */
    private ResponseDecoder decoder;

    ExchangeHandler(OriginPool pool, IdleConnections idle) {
        this.pool = pool;
        this.idle = idle;
    }

    /** A handler that only routes decoded parts to {@code exchange}: the end of a stream's decoding pipeline. */
    static ExchangeHandler routing(Exchange exchange) {
        ExchangeHandler h = new ExchangeHandler(null, null);
        h.attach(exchange);
        return h;
    }

    /** Requests may be written as bytes from {@code encoderContext} on. */
    void writeFrom(ChannelHandlerContext encoderContext, ResponseDecoder responses) {
        codec = encoderContext;
        decoder = responses;
    }

    /**
     * The handler of {@code ch}'s exchanges, null when it has none. Every request on a kept connection asks: kept
     * on the channel rather than searched for in its pipeline, which compares each handler's class (through JNI
     * under C1, ~0.7% of a keep-alive run).
     */
    static ExchangeHandler of(Channel ch) {
        return ch.attr(OF_CHANNEL).get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        channel.attr(OF_CHANNEL).set(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ctx.channel().attr(OF_CHANNEL).compareAndSet(this, null);
    }

    @Override
    public Channel connection() {
        return channel;
    }

    /**
     * Writes a call's request as its bytes, from the encoder's context (the encoder would only have copied the same
     * bytes), unless the encoder must see it ({@link RequestEncoder#encodeBytes}); else as the request object the
     * encoder encodes. The decoder learns the method first: the answer to a HEAD has no body.
     */
    @Override
    public ChannelFuture send(RequestEncoder encoder, Request request, Url target, Proxy proxy) {
        decoder.expect(request.method());
        ByteBuf bytes = encoder.encodeBytes(codec.alloc(), request, target, proxy);
        return bytes != null ? codec.writeAndFlush(bytes) : channel.writeAndFlush(encoder.encode(request, target, proxy));
    }

    @Override
    public void attach(Exchange exchange) {
        current = exchange;
    }

    @Override
    public void detach() {
        current = null;
    }

    @Override
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    @Override
    public void finished(boolean keepAlive) {
        if (keepAlive && channel.isActive()) {
            idle.release(pool, channel);
        } else {
            channel.close();
        }
    }

    @Override
    public void abandon() {
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange ex = current;
        try {
            if (ex == null) {
                // bytes nobody asked for: the connection is no longer in a known state
                ctx.close();
                return;
            }
            ex.onBytes();
            if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
                ex.onError(http.decoderResult().cause());
                return;
            }
            if (msg instanceof HttpResponse response) {
                ex.onHead(response);
            }
            if (msg instanceof HttpContent content && current == ex) {
                ex.onContent(content.content());
                if (msg instanceof LastHttpContent && current == ex) {
                    ex.onLast();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) {
            ex.onClosed();
        } else if (idle != null) {
            idle.closedWhileIdle(pool, ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange ex = current;
        if (ex != null) {
            ex.onError(cause);
        } else {
            ctx.close();
        }
    }
}
