package dev.fanout.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.Http2StreamChannel;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serves the mock API's routes. Each response waits the configured latency (plus the route's own delay) on
 * the event loop's timer — no thread sleeps — so thousands of requests can be held in flight.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The same 100-byte JSON body the peer benchmark's nginx serves on /small. */
    static final String SMALL_BODY =
            "{\"id\":12345,\"status\":\"ok\",\"name\":\"peer-benchmark\",\"tags\":[\"a\",\"b\",\"c\"],\"value\":3.14159,\"pad\":\"xxxx\"}";

    private final TestServer server;

    ApiHandler(TestServer server) {
        this.server = server;
    }

    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private record Reply(String route, int status, String body, long extraDelayMs, String retryAfter, String contentType) {
        Reply(String route, int status, String body, long extraDelayMs) {
            this(route, status, body, extraDelayMs, null, null);
        }

        Reply(String route, int status, String body, long extraDelayMs, String retryAfter) {
            this(route, status, body, extraDelayMs, retryAfter, null);
        }

        static Reply typed(String route, int status, String contentType, String body) {
            return new Reply(route, status, body, 0, null, contentType);
        }

        static Reply json(String route, String body) {
            return new Reply(route, 200, body, 0);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals("/_stats")) {
            send(ctx, request, null, new Reply("/_stats", 200, server.stats().toJson(), 0));
            return;
        }
        if (ctx.channel() instanceof Http2StreamChannel) {
            server.stats().count("protocol:h2");
        }
        FullHttpResponse hostile = Hostile.response(path, uri.parameters());
        if (hostile != null) {
            server.stats().route("/hostile").begin();
            server.stats().route("/hostile").end();
            server.stats().route(ServerStats.ALL).begin();
            server.stats().route(ServerStats.ALL).end();
            ctx.writeAndFlush(hostile);
            return;
        }
        if (path.startsWith("/large/")) {
            Long size = parseId(path.substring("/large/".length()));
            if (size != null && size >= LargeBody.MIN && size <= LargeBody.MAX) {
                RouteStats large = server.stats().route(LargeBody.ROUTE);
                large.begin();
                List<String> chunked = uri.parameters().get("chunked");
                List<String> delay = uri.parameters().get("delay");
                Long ms = delay == null || delay.isEmpty() ? Long.valueOf(0) : parseId(delay.get(0));
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                Runnable send = () -> LargeBody.send(ctx, size, chunked != null && chunked.contains("true"), keepAlive, large::end);
                if (ms == null || ms <= 0) {
                    send.run();
                } else {
                    ctx.executor().schedule(send, Math.min(ms, 60_000), TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
        if (server.quotaRoutes().respond(ctx, request, path, uri.parameters()) || Pages.respond(ctx, request, path, uri.parameters(), server.stats())) {
            return;
        }
        Reply reply = route(path, request);
        Reply refused = admission();
        if (refused != null) {
            send(ctx, request, null, refused);
            return;
        }
        Fault fault;
        try {
            fault = faultOf(uri);
        } catch (IllegalArgumentException e) {
            send(ctx, request, null, new Reply(reply.route(), 400, "{\"error\":" + Json.quote(e.getMessage()) + "}", 0));
            return;
        }
        boolean inject = fault != null && server.faults().applies(fault, request.uri());
        RouteStats route = server.stats().route(reply.route());
        RouteStats all = server.stats().route(ServerStats.ALL);
        route.begin();
        all.begin();
        long delay = server.nextLatencyMillis() + reply.extraDelayMs();
        Runnable respond = () -> {
            route.end();
            all.end();
            server.capacityReleased();
            if (inject) {
                server.stats().count("fault:" + fault.mode().wireName);
                respondWithFault(ctx, request, uri, reply, fault);
            } else {
                send(ctx, request, uri, reply);
            }
        };
        request.retain();
        if (delay <= 0) {
            respond.run();
        } else {
            ctx.executor().schedule(respond, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The server-wide limits: a refusal when the request quota or the concurrency cap is exceeded. */
    private Reply admission() {
        long wait = server.quotaWaitSeconds();
        if (wait > 0) {
            server.stats().count("refused:quota");
            return new Reply("refused", 429, "{\"error\":\"request quota exceeded\"}", 0, Long.toString(wait));
        }
        if (!server.capacityTaken()) {
            server.stats().count("refused:capacity");
            return new Reply("refused", 503, "{\"error\":\"too many requests in flight\"}", 0);
        }
        return null;
    }

    private Fault faultOf(QueryStringDecoder uri) {
        List<String> mode = uri.parameters().get("fault");
        if (mode == null || mode.isEmpty()) {
            return server.defaultFault();
        }
        Map<String, String> params = new HashMap<>();
        uri.parameters().forEach((k, v) -> {
            if (!k.equals("fault") && !v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        return Fault.of(mode.get(0), params);
    }

    private void respondWithFault(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Reply reply, Fault fault) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        if (FaultWriter.write(ctx, fault, body)) {
            request.release();
            return;
        }
        int status = fault.intParam("status", 503);
        send(ctx, request, uri, new Reply(reply.route(), status, "{\"error\":\"injected " + status + "\"}", 0,
                FaultWriter.retryAfter(fault)));
    }

    private Reply route(String path, FullHttpRequest request) {
        if (path.equals("/places/textsearch/json")) {
            String page = Places.pageJson(new QueryStringDecoder(request.uri()).parameters());
            return page == null ? new Reply("/places/textsearch/json", 404, "{\"status\":\"NOT_FOUND\",\"results\":[]}", 0)
                    : Reply.json("/places/textsearch/json", page);
        }
        if (path.equals("/small")) {
            return Reply.json("/small", SMALL_BODY);
        }
        if (path.startsWith("/items/")) {
            Long id = parseId(path.substring("/items/".length()));
            if (id == null) {
                return new Reply("/items/{id}", 404, "{\"error\":\"no such item\"}", 0);
            }
            return Reply.json("/items/{id}", "{\"id\":" + id + ",\"name\":\"item-" + id + "\",\"price\":"
                    + (id % 10_000) / 100.0 + ",\"in_stock\":" + (id % 3 != 0) + "}");
        }
        if (path.equals("/v0/topstories.json")) {
            StringBuilder sb = new StringBuilder("[");
            int[] top = server.hnTree().topStories();
            for (int i = 0; i < top.length; i++) {
                sb.append(i == 0 ? "" : ",").append(top[i]);
            }
            return Reply.json("/v0/topstories.json", sb.append(']').toString());
        }
        if (path.startsWith("/v0/item/") && path.endsWith(".json")) {
            Long id = parseId(path.substring("/v0/item/".length(), path.length() - ".json".length()));
            HnTree tree = server.hnTree();
            boolean known = id != null && id <= Integer.MAX_VALUE && tree.contains(id.intValue());
            return Reply.json("/v0/item/{id}.json", known ? tree.itemJson(id.intValue()) : "null");
        }
        if (path.startsWith("/delay/")) {
            Long ms = parseId(path.substring("/delay/".length()));
            if (ms == null || ms > 600_000) {
                return new Reply("/delay/{ms}", 400, "{\"error\":\"delay must be 0..600000 ms\"}", 0);
            }
            return new Reply("/delay/{ms}", 200, "{\"delayed_ms\":" + ms + "}", ms);
        }
        if (path.startsWith("/status/")) {
            Long code = parseId(path.substring("/status/".length()));
            if (code == null || code < 200 || code > 599) {
                return new Reply("/status/{code}", 400, "{\"error\":\"status must be 200..599\"}", 0);
            }
            return new Reply("/status/{code}", code.intValue(), "{\"status\":" + code + "}", 0);
        }
        if (path.equals("/echo")) {
            return Reply.json("/echo", echo(request));
        }
        if (path.equals("/robots.txt")) {
            int status = server.robotsStatus();
            return status == 200 ? Reply.typed("/robots.txt", 200, TEXT, Site.ROBOTS_TXT)
                    : Reply.typed("/robots.txt", status, TEXT, "robots.txt is unavailable");
        }
        if (path.startsWith("/site/")) {
            String page = Site.page(path, server.port());
            // each page is its own route, so that tests can see exactly which pages a crawl fetched
            return page != null ? Reply.typed(path, 200, HTML, page)
                    : Reply.typed("/site/{missing}", 404, HTML, "<html><head><title>Not found</title></head><body>No such page</body></html>");
        }
        if (path.startsWith("/v8/finance/chart/")) {
            String symbol = path.substring("/v8/finance/chart/".length());
            return Tickers.known(symbol) ? Reply.json("/v8/finance/chart/{symbol}", Tickers.chartJson(symbol))
                    : new Reply("/v8/finance/chart/{symbol}", 404, Tickers.notFoundJson(), 0);
        }
        return new Reply("other", 404, "{\"error\":\"not found\"}", 0);
    }

    private static String echo(FullHttpRequest request) {
        StringBuilder sb = new StringBuilder("{\"method\":").append(Json.quote(request.method().name()))
                .append(",\"uri\":").append(Json.quote(request.uri())).append(",\"headers\":{");
        boolean first = true;
        for (Map.Entry<String, String> h : request.headers()) {
            sb.append(first ? "" : ",").append(Json.quote(h.getKey().toLowerCase())).append(':').append(Json.quote(h.getValue()));
            first = false;
        }
        return sb.append("},\"body\":").append(Json.quote(request.content().toString(StandardCharsets.UTF_8))).append('}').toString();
    }

    private static Long parseId(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Reply reply) {
        try {
            ByteBuf body = Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType() != null ? reply.contentType() : HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (reply.retryAfter() != null) {
                response.headers().set(HttpHeaderNames.RETRY_AFTER, reply.retryAfter());
            }
            ApiHandler.reply(ctx, request, response);
        } finally {
            if (uri != null) {
                request.release();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Writes {@code response}, and closes the connection after it when {@code request} did not ask to keep it alive. */
    static void reply(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
