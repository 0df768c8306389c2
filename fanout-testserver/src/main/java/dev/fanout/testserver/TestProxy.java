package dev.fanout.testserver;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on loopback for tests: absolute-form requests are forwarded (with a {@code Via} header) and
 * {@code CONNECT host:port} opens a tunnel, optionally behind Basic authentication ({@code 407} otherwise) and
 * optionally served over TLS (an {@code https://} proxy). Every target is reached at 127.0.0.1 on the port asked
 * for, whatever its host name — tests use names that do not resolve — and the names asked for are recorded.
 * Counts connections, requests, tunnels, and the peak number of requests in flight through it.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT.withCredentials("user", "secret"))) {
 *     String url = proxy.url("user:secret");   // http://user:secret@127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class TestProxy implements AutoCloseable {

    /**
     * @param user  user name required in {@code Proxy-Authorization}, or null for none
     * @param pass  its password
     * @param tls   serve the proxy over TLS with this context, or null
     */
    public record Options(String user, String pass, SslContext tls) {
        public static final Options DEFAULT = new Options(null, null, null);

        public Options withCredentials(String u, String p) {
            return new Options(u, p, tls);
        }

        public Options withTls(SslContext context) {
            return new Options(user, pass, context);
        }
    }

    private final Options options;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger tunnels = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Queue<String> targets = new ConcurrentLinkedQueue<>();
    /** Open connections (to clients and upstream), closed one by one on close: a group shutdown alone may leave some. */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    private TestProxy(Options options) throws InterruptedException {
        this.options = options;
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("testproxy", true), NioIoHandler.newFactory());
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        track(ch);
                        if (options.tls() != null) {
                            ch.pipeline().addLast(options.tls().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("codec", new HttpServerCodec());
                        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(1 << 20));
                        ch.pipeline().addLast("front", new Front());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public static TestProxy start(Options options) {
        try {
            return new TestProxy(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The proxy's URL, {@code http://} (or {@code https://}) with {@code userInfo@} when not null. */
    public String url(String userInfo) {
        return (options.tls() != null ? "https://" : "http://") + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    /** Client connections accepted. */
    public int connections() {
        return connections.get();
    }

    /** Absolute-form requests forwarded. */
    public int requests() {
        return requests.get();
    }

    /** CONNECT tunnels opened. */
    public int tunnels() {
        return tunnels.get();
    }

    /** Requests answered 407. */
    public int refused() {
        return refused.get();
    }

    /** The most requests (forwarded or CONNECTs) being handled at once. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** What was asked for, in order: {@code "GET http://host:port/path"} or {@code "CONNECT host:port"}. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    private void track(Channel ch) {
        open.add(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (Channel ch : open.toArray(Channel[]::new)) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private void began() {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    /** Reads requests from a client: authenticates, then forwards or tunnels. */
    private final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!authorized(req)) {
                refused.incrementAndGet();
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED);
                r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"test\"").set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (req.method().equals(HttpMethod.CONNECT)) {
                tunnel(ctx, req.uri());
            } else {
                forward(ctx, req.retain());
            }
        }

        private boolean authorized(FullHttpRequest req) {
            if (options.user() == null) {
                return true;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (options.user() + ":" + options.pass()).getBytes(StandardCharsets.UTF_8));
            return expected.equals(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION));
        }

        private void tunnel(ChannelHandlerContext ctx, String hostPort) {
            targets.add("CONNECT " + hostPort);
            tunnels.incrementAndGet();
            began();
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            Channel front = ctx.channel();
            front.config().setAutoRead(false);
            new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
                    .handler(new Relay(front))
                    .connect("127.0.0.1", port).addListener((ChannelFutureListener) f -> {
                        track(f.channel());
                        inFlight.decrementAndGet();
                        if (!f.isSuccess()) {
                            front.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        Channel back = f.channel();
                        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(200, "Connection established"));
                        front.writeAndFlush(ok).addListener(w -> {
                            front.pipeline().remove("front");
                            front.pipeline().remove("aggregator");
                            front.pipeline().remove("codec");
                            front.pipeline().addLast(new Relay(back));
                            front.config().setAutoRead(true);
                        });
                    });
        }

        private void forward(ChannelHandlerContext ctx, FullHttpRequest req) {
            targets.add(req.method() + " " + req.uri());
            requests.incrementAndGet();
            began();
            URI uri = URI.create(req.uri());
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, req.method(), path.isEmpty() ? "/" : path,
                    req.content().retainedDuplicate());
            out.headers().set(req.headers()).remove(HttpHeaderNames.PROXY_AUTHORIZATION).set(HttpHeaderNames.CONNECTION, "close");
            req.release();
            Channel front = ctx.channel();
            new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext c, FullHttpResponse r) {
                                            FullHttpResponse back = r.retainedDuplicate();
                                            back.headers().add(HttpHeaderNames.VIA, "1.1 testproxy");
                                            HttpUtil.setKeepAlive(back, keepAlive);
                                            inFlight.decrementAndGet();
                                            front.writeAndFlush(back);
                                            c.close();
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", port).addListener((ChannelFutureListener) f -> {
                        track(f.channel());
                        if (f.isSuccess()) {
                            f.channel().writeAndFlush(out);
                        } else {
                            out.release();
                            inFlight.decrementAndGet();
                            front.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY))
                                    .addListener(ChannelFutureListener.CLOSE);
                        }
                    });
        }
    }

    /** Copies bytes to the other side of a tunnel; closes it when this side closes. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Relay(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.writeAndFlush(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
