package dev.fanout.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code /large/{bytes}}: a JSON body of exactly that many bytes, {@code {"size":N}} padded with whitespace
 * (which JSON parsers skip, so that parsing it takes no more than the body), streamed in
 * 64 KiB pieces, each written when the one before has left (so a client that stops reading stops the server,
 * and the server never holds the body). With Content-Length, or chunked with {@code ?chunked=true};
 * {@code ?delay=MS} waits that long before answering.
 */
final class LargeBody {
    static final String ROUTE = "/large/{bytes}";
    static final long MIN = 40;
    static final long MAX = 1L << 32;
    private static final int PIECE = 64 * 1024;
    private static final byte[] PAD = filled();

    private LargeBody() {
    }

    private static byte[] filled() {
        byte[] b = new byte[PIECE];
        Arrays.fill(b, (byte) ' ');
        return b;
    }

    /** The body's opening, for a body of {@code size} bytes; the rest is padding and the closing brace. */
    static byte[] head(long size) {
        return ("{\"size\":" + size).getBytes(StandardCharsets.US_ASCII);
    }

    static void send(ChannelHandlerContext ctx, long size, boolean chunked, boolean keepAlive, Runnable done) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(response, true);
        } else {
            HttpUtil.setContentLength(response, size);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(response);
        byte[] head = head(size);
        new Writer(ctx, size, keepAlive, done).next(Unpooled.wrappedBuffer(head), head.length);
    }

    private static final class Writer {
        private final ChannelHandlerContext ctx;
        private final long size;
        private final boolean keepAlive;
        private final Runnable done;
        private long sent;

        Writer(ChannelHandlerContext ctx, long size, boolean keepAlive, Runnable done) {
            this.ctx = ctx;
            this.size = size;
            this.keepAlive = keepAlive;
            this.done = done;
        }

        void next(ByteBuf piece, int length) {
            sent += length;
            ctx.writeAndFlush(new DefaultHttpContent(piece)).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    done.run();
                    return;
                }
                long left = size - sent;
                if (left <= 1) {
                    ByteBuf tail = Unpooled.wrappedBuffer("}".getBytes(StandardCharsets.US_ASCII), 0, (int) left);
                    var last = ctx.writeAndFlush(new DefaultLastHttpContent(tail));
                    last.addListener(x -> done.run());
                    if (!keepAlive) {
                        last.addListener(ChannelFutureListener.CLOSE);
                    }
                } else {
                    int n = (int) Math.min(PIECE, left - 1);
                    next(Unpooled.wrappedBuffer(PAD, 0, n), n);
                }
            });
        }
    }
}
