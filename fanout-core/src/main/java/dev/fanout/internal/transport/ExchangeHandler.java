package dev.fanout.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2ResetFrame;
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

    ExchangeHandler(OriginPool pool, IdleConnections idle) {
        this.pool = pool;
        this.idle = idle;
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
