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
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection's (or an HTTP/2 stream's) pipeline: routes decoded response parts to the
 * current {@link Exchange}, and takes a connection that closes while idle out of its pool. One per connection
 * or stream; runs on its event loop only.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private final OriginPool pool;
    private final IdleConnections idle;
    private Exchange current;
    /** The HTTP/1.1 encoder's context, from which a request's bytes are written past it; null on a stream. */
    private ChannelHandlerContext codec;
    /** The HTTP/1.1 connection's decoder, told each request's method; null on a stream. */
    private ResponseDecoder decoder;

    ExchangeHandler(OriginPool pool, IdleConnections idle) {
        this.pool = pool;
        this.idle = idle;
    }

    /** On an HTTP/1.1 connection: requests may be written as bytes from {@code encoderContext} on. */
    void writeFrom(ChannelHandlerContext encoderContext, ResponseDecoder responses) {
        codec = encoderContext;
        decoder = responses;
    }

    /**
     * Writes a call's request: on an HTTP/2 stream as its frames ({@link RequestEncoder#encodeHttp2}); on an HTTP/1.1
     * connection as its bytes, from the encoder's context (the encoder would only have copied the same bytes), unless
     * the encoder must see it ({@link RequestEncoder#encodeBytes}); else as the request object the encoder encodes.
     * The decoder learns the method first: the answer to a HEAD has no body.
     */
    ChannelFuture send(Channel ch, RequestEncoder encoder, Request request, Url target, Proxy proxy) {
        if (ch instanceof Http2StreamChannel) {
            // the stream's frames pass the stream codec, which converts only HTTP/1.1 objects
            RequestEncoder.Http2Request frames = encoder.encodeHttp2(request, target);
            if (frames.body() == null) {
                return ch.writeAndFlush(frames.headers());
            }
            ch.write(frames.headers());
            return ch.writeAndFlush(frames.body());
        }
        if (decoder != null) {
            decoder.expect(request.method());
        }
        ByteBuf bytes = codec == null ? null : encoder.encodeBytes(codec.alloc(), request, target, proxy);
        return bytes != null ? codec.writeAndFlush(bytes) : ch.writeAndFlush(encoder.encode(request, target, proxy));
    }

    void attach(Exchange exchange) {
        current = exchange;
    }

    void detach() {
        current = null;
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
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // an HTTP/2 server's RST_STREAM comes as an event (it is not flow-controlled); the stream closes next
        if (evt instanceof Http2ResetFrame reset && current != null) {
            current.onStreamReset(reset.errorCode());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) {
            ex.onClosed();
        } else {
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
