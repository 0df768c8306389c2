package dev.fanout.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APIs that enforce a windowed quota and say so in each convention: {@code /quota/CONVENTION/ANYTHING} with
 * {@code ?limit=N} (requests per window, default 100), {@code window=S} (seconds, default 2; windows are fixed,
 * aligned to multiples of S since the epoch) and {@code key=K} (one quota per key, as an API key's).
 * <ul>
 *   <li>{@code github}: {@code X-RateLimit-Limit/-Remaining/-Reset} (Unix seconds); over quota: 403 with
 *       {@code X-RateLimit-Remaining: 0};</li>
 *   <li>{@code ietf}: {@code RateLimit-Policy: "default";q=N;w=S} and {@code RateLimit: "default";r=R;t=T};
 *       over quota: 429 with the same fields;</li>
 *   <li>{@code draft}: {@code RateLimit-Limit/-Remaining/-Reset} (seconds from now); over quota: 429;</li>
 *   <li>{@code plain}: no fields at all; over quota: 429 with {@code Retry-After: 1} (or {@code retry_after=S};
 *       {@code retry_after=none} sends none).</li>
 * </ul>
 * Stats count {@code quota:ok:CONVENTION} and {@code quota:over:CONVENTION}, and the refusals of each key per
 * window, counted from the first window that refused it: {@code quota:over:CONVENTION:KEY:N} (0 is that window,
 * which holds what a client sent before it knew of the quota); routes are {@code /quota/CONVENTION}.
 */
final class QuotaRoutes {
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ServerStats stats;

    QuotaRoutes(ServerStats stats) {
        this.stats = stats;
    }

    /** A fixed-window counter. */
    private static final class Window {
        private final long limit;
        private final long windowMillis;
        private long index = -1;
        private long used;
        /** The window of the first refusal, -1 before it. */
        private long firstRefused = -1;

        Window(long limit, long windowMillis) {
            this.limit = limit;
            this.windowMillis = windowMillis;
        }

        /**
         * Counts a request; returns {allowed 1/0, remaining after it, reset epoch millis, windows since the
         * first that refused (a refusal only)}.
         */
        synchronized long[] take(long nowMillis) {
            long i = nowMillis / windowMillis;
            if (i != index) {
                index = i;
                used = 0;
            }
            long reset = (i + 1) * windowMillis;
            if (used < limit) {
                used++;
                return new long[] {1, limit - used, reset};
            }
            if (firstRefused < 0) {
                firstRefused = i;
            }
            return new long[] {0, 0, reset, i - firstRefused};
        }
    }

    /** Answers {@code /quota/...}; false when the path is not one of these routes. */
    boolean respond(ChannelHandlerContext ctx, FullHttpRequest request, String path, Map<String, List<String>> params) {
        if (!path.startsWith("/quota/")) {
            return false;
        }
        String rest = path.substring("/quota/".length());
        String convention = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        if (!List.of("github", "ietf", "draft", "plain").contains(convention)) {
            return false;
        }
        long limit = number(params, "limit", 100);
        long windowSeconds = Math.max(1, number(params, "window", 2));
        String key = first(params, "key", "default");
        Window w = windows.computeIfAbsent(convention + "|" + key + "|" + limit + "|" + windowSeconds,
                k -> new Window(limit, windowSeconds * 1000));
        long now = System.currentTimeMillis();
        long[] t = w.take(now);
        boolean ok = t[0] == 1;
        long remaining = t[1];
        long resetSeconds = Math.max(1, (t[2] - now + 999) / 1000);
        RouteStats route = stats.route("/quota/" + convention);
        RouteStats all = stats.route(ServerStats.ALL);
        route.begin();
        all.begin();
        stats.count((ok ? "quota:ok:" : "quota:over:") + convention);
        if (!ok) {
            stats.count("quota:over:" + convention + ":" + key + ":" + t[3]);
        }
        int status = ok ? 200 : convention.equals("github") ? 403 : 429;
        String body = ok ? "{\"path\":\"" + path + "\"}" : "{\"message\":\"API rate limit exceeded\"}";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON).setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        switch (convention) {
            case "github" -> h.set("X-RateLimit-Limit", limit).set("X-RateLimit-Remaining", remaining)
                    .set("X-RateLimit-Used", limit - remaining).set("X-RateLimit-Reset", (t[2] + 999) / 1000);
            case "ietf" -> h.set("RateLimit-Policy", "\"default\";q=" + limit + ";w=" + windowSeconds)
                    .set("RateLimit", "\"default\";r=" + remaining + ";t=" + resetSeconds);
            case "draft" -> h.set("RateLimit-Limit", limit).set("RateLimit-Remaining", remaining).set("RateLimit-Reset", resetSeconds);
            default -> {
                String ra = first(params, "retry_after", "1");
                if (!ok && !ra.equals("none")) {
                    h.set(HttpHeaderNames.RETRY_AFTER, ra);
                }
            }
        }
        route.end();
        all.end();
        ApiHandler.reply(ctx, request, response);
        return true;
    }

    private static long number(Map<String, List<String>> params, String name, long absent) {
        try {
            return Long.parseLong(first(params, name, Long.toString(absent)));
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    private static String first(Map<String, List<String>> params, String name, String absent) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? absent : v.get(0);
    }
}
