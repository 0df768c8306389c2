package dev.fanout.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a {@link Fault} on a connection. Broken responses are written as raw bytes from the start of
 * the pipeline, past the HTTP encoder, which would refuse to produce them; the connection is closed (or
 * reset) afterwards, except after a complete slow drip.
 */
final class FaultWriter {
    private FaultWriter() {
    }

    /** Returns false when the fault is a plain response the caller should send ({@code status}, {@code burst}). */
    static boolean write(ChannelHandlerContext ctx, Fault fault, byte[] body) {
        Channel ch = ctx.channel();
        switch (fault.mode()) {
            case RESET -> reset(ch);
            case RESET_BODY -> raw(ctx, head(200, body.length, false) + new String(body, 0, body.length / 2, StandardCharsets.ISO_8859_1))
                    .addListener(f -> reset(ch));
            case STALL -> {
                // nothing: the client's timeout (or the server's close) ends it
            }
            case DRIP -> drip(ctx, body, 0, fault.intParam("ms", 100), head(200, body.length, false));
            case TRUNCATE -> raw(ctx, head(200, body.length + 100, false) + new String(body, StandardCharsets.ISO_8859_1))
                    .addListener(ChannelFutureListener.CLOSE);
            case BAD_CHUNKED -> raw(ctx, head(200, -1, true) + "5\r\nhello\r\nzz\r\nnot a chunk\r\n")
                    .addListener(ChannelFutureListener.CLOSE);
            case STATUS, BURST -> {
                return false;
            }
        }
        return true;
    }

    /** The Retry-After value a status fault asks for, or null. */
    static String retryAfter(Fault fault) {
        String seconds = fault.params().get("retry_after");
        if (seconds == null) {
            return null;
        }
        if (fault.flag("date")) {
            // whole seconds, rounded up, so the date is never earlier than asked
            return HttpDates.format(Instant.now().plusSeconds(Long.parseLong(seconds) + 1));
        }
        return seconds;
    }

    private static String head(int status, long contentLength, boolean chunked) {
        return "HTTP/1.1 " + status + " OK\r\nContent-Type: application/json\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + contentLength + "\r\n") + "\r\n";
    }

    private static io.netty.channel.ChannelFuture raw(ChannelHandlerContext ctx, String latin1) {
        ByteBuf buf = Unpooled.copiedBuffer(latin1, StandardCharsets.ISO_8859_1);
        return ctx.pipeline().firstContext().writeAndFlush(buf);
    }

    private static void drip(ChannelHandlerContext ctx, byte[] body, int next, int everyMs, String head) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (head != null) {
            raw(ctx, head);
        }
        if (next >= body.length) {
            return;
        }
        ctx.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(body, next, 1));
        ctx.executor().schedule(() -> drip(ctx, body, next + 1, everyMs, null), everyMs, TimeUnit.MILLISECONDS);
    }

    /** Closes with SO_LINGER 0, so the peer sees a TCP reset rather than an orderly close. */
    static void reset(Channel ch) {
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // a transport without SO_LINGER: an orderly close still ends the exchange early
        }
        ch.close();
    }
}
