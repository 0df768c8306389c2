package dev.fanout.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A Link-paginated API, as GitHub's: {@code /pages/N?per=P&total=T} (defaults 10 and 35) lists items
 * {@code (N-1)·P+1 …} as JSON, with {@code Link: </pages/N+1?…>; rel="next", </pages/LAST?…>; rel="last"}
 * (and {@code first}, {@code prev}; the targets relative), {@code X-Total-Count: T} and an {@code ETag}. Pages
 * are routes {@code /pages/{n}}.
 */
final class Pages {
    private Pages() {
    }

    static boolean respond(ChannelHandlerContext ctx, FullHttpRequest request, String path, Map<String, List<String>> params,
                           ServerStats stats) {
        if (!path.startsWith("/pages/")) {
            return false;
        }
        long page;
        try {
            page = Long.parseLong(path.substring("/pages/".length()));
        } catch (NumberFormatException e) {
            return false;
        }
        long per = number(params, "per", 10);
        long total = number(params, "total", 35);
        long last = Math.max(1, (total + per - 1) / per);
        RouteStats route = stats.route("/pages/{n}");
        RouteStats all = stats.route(ServerStats.ALL);
        route.begin();
        all.begin();
        StringBuilder body = new StringBuilder("{\"page\":").append(page).append(",\"items\":[");
        for (long i = (page - 1) * per + 1; i <= Math.min(total, page * per) && page >= 1; i++) {
            body.append(i == (page - 1) * per + 1 ? "" : ",").append(i);
        }
        body.append("]}");
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        boolean exists = page >= 1 && page <= last;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                exists ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, content);
        String query = "?per=" + per + "&total=" + total;
        StringBuilder link = new StringBuilder();
        if (page > 1 && exists) {
            link.append("</pages/1").append(query).append(">; rel=\"first\", </pages/").append(page - 1).append(query).append(">; rel=\"prev\"");
        }
        if (page < last && exists) {
            link.append(link.isEmpty() ? "" : ", ").append("</pages/").append(page + 1).append(query).append(">; rel=\"next\", </pages/")
                    .append(last).append(query).append(">; rel=\"last\"");
        }
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set("X-Total-Count", total)
                .set(HttpHeaderNames.ETAG, "\"p" + page + "-" + per + "-" + total + "\"");
        if (!link.isEmpty()) {
            response.headers().set("Link", link.toString());
        }
        route.end();
        all.end();
        ApiHandler.reply(ctx, request, response);
        return true;
    }

    private static long number(Map<String, List<String>> params, String name, long absent) {
        List<String> v = params.get(name);
        try {
            return v == null || v.isEmpty() ? absent : Math.max(1, Long.parseLong(v.get(0)));
        } catch (NumberFormatException e) {
            return absent;
        }
    }
}
