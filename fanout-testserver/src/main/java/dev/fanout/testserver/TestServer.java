package dev.fanout.testserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mock HTTP API on loopback for the demo, the tests and the benchmarks.
 *
 * <p>Routes: {@code /items/{id}} (JSON item), {@code /v0/topstories.json} and {@code /v0/item/{id}.json}
 * (a Hacker-News-shaped tree with {@code kids}, see {@link HnTree}), {@code /delay/{ms}}, {@code /status/{code}},
 * {@code /small} (100 bytes), {@code /large/{bytes}} (a JSON body of that size, streamed; {@code ?chunked=true}
 * without Content-Length, see {@link LargeBody}), {@code /echo} (the request as JSON), {@code /v8/finance/chart/{symbol}} (quotes, see
 * {@link Tickers}), {@code /places/textsearch/json?query=Q} (pages of items with a next link, see {@link Places}), an HTML site under {@code /site/} with {@code /robots.txt} (see {@link Site}) and
 * {@code /_stats} (the counters as JSON).
 * Any route can be made to fail with a {@link Fault} ({@code ?fault=reset}, or server-wide), and the server can
 * enforce a request quota (429 with Retry-After) and a concurrency cap (503).
 * Every response but {@code /_stats} first waits the configured latency ± jitter. {@link #stats()} counts
 * requests and the peak number in flight per route so that tests can check a client's limits.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.builder().latency(Duration.ofMillis(100)).start()) {
 *     String url = server.url("/items/1");
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final Builder settings;
    private final ServerStats stats = new ServerStats();
    private final HnTree hnTree;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel serverChannel;
    private final FaultSelector faults;
    private final Quota quota;
    private final QuotaRoutes quotaRoutes = new QuotaRoutes(stats);
    private final AtomicInteger capacityUsed = new AtomicInteger();
    /** Servers started and not yet closed, for the leak check. */
    private static final Set<TestServer> LIVE = ConcurrentHashMap.newKeySet();
    /** Open connections, closed one by one on close (a group shutdown alone was seen to leave some open). */
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

    private TestServer(Builder settings) throws InterruptedException {
        this.settings = settings;
        this.hnTree = new HnTree(settings.hnItems, settings.hnStories, settings.seed);
        this.faults = new FaultSelector(settings.seed);
        this.quota = settings.quotaPerSecond > 0 ? new Quota(settings.quotaPerSecond) : null;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads, new DefaultThreadFactory("testserver", true), io);
        ApiHandler api = new ApiHandler(this);
        SslContext ssl = settings.tls == null ? null : serverSsl(settings.tls);
        ChannelInboundHandlerAdapter counter = new ConnectionCounter(stats, connections);
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl == null) {
                                ch.pipeline().addLast(counter, new HttpServerCodec(), new HttpObjectAggregator(1 << 20), api);
                                return;
                            }
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), counter, new ProtocolChoice(api, settings.http2MaxStreams));
                        }
                    })
                    .bind(new InetSocketAddress(settings.host, settings.port)).sync().channel();
        } catch (Throwable e) { // a failed bind is an IOException Netty throws undeclared
            // wait for the threads to end: a caller that reports the error and goes on must not leak them
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
        // start every event-loop thread now rather than on first use, so that a running server's threads all
        // exist from its start (tests check that they leave no thread behind)
        for (var loop : group) {
            loop.submit(() -> { }).sync();
        }
        LIVE.add(this);
    }

    /** Sets a TLS connection up for what ALPN agreed on: HTTP/2 (each stream served as a request) or HTTP/1.1. */
    private static final class ProtocolChoice extends ApplicationProtocolNegotiationHandler {
        private final ApiHandler api;
        private final int maxStreams;

        ProtocolChoice(ApiHandler api, int maxStreams) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.api = api;
            this.maxStreams = maxStreams;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), api);
                return;
            }
            ctx.pipeline().addLast(
                    Http2FrameCodecBuilder.forServer().initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams)).build(),
                    new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel stream) {
                            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new HttpObjectAggregator(1 << 20), api);
                        }
                    }));
        }
    }

    private SslContext serverSsl(TestCertificates certificates) {
        try {
            SslContextBuilder b = certificates.serverContext();
            if (settings.http2MaxStreams > 0) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            return b.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot load the test certificate " + certificates.keyStore(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code http://HOST:PORT} ({@code https://} when serving TLS) */
    public String baseUrl() {
        String host = settings.host.contains(":") ? "[" + settings.host + "]" : settings.host;
        return (settings.tls != null ? "https://" : "http://") + host + ":" + port();
    }

    /** The base URL followed by {@code path}. */
    public String url(String path) {
        return baseUrl() + path;
    }

    public ServerStats stats() {
        return stats;
    }

    public HnTree hnTree() {
        return hnTree;
    }

    FaultSelector faults() {
        return faults;
    }

    /** The server-wide fault for requests that name none, or null. */
    Fault defaultFault() {
        return settings.fault;
    }

    /** What {@code /robots.txt} answers. */
    int robotsStatus() {
        return settings.robotsStatus;
    }

    /** The windowed-quota APIs of each rate-limit convention ({@code /quota/...}). */
    QuotaRoutes quotaRoutes() {
        return quotaRoutes;
    }

    /** 0 when the request quota lets a request through, else the seconds to wait (for Retry-After). */
    long quotaWaitSeconds() {
        return quota == null ? 0 : quota.take();
    }

    /** Takes a place under the concurrency cap; false when the cap is reached (or true when there is none). */
    boolean capacityTaken() {
        if (settings.maxInFlight <= 0) {
            return true;
        }
        if (capacityUsed.incrementAndGet() > settings.maxInFlight) {
            capacityUsed.decrementAndGet();
            return false;
        }
        return true;
    }

    void capacityReleased() {
        if (settings.maxInFlight > 0) {
            capacityUsed.decrementAndGet();
        }
    }

    long nextLatencyMillis() {
        long base = settings.latency.toMillis();
        long jitter = settings.jitter.toMillis();
        if (jitter == 0) {
            return base;
        }
        return Math.max(0, base + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    }

    /**
     * The file descriptors of every connection open on a running test server (epoll only): the leak check
     * leaves them to their server, which closes them when the client's close reaches it, or when it closes.
     */
    static Set<String> liveConnectionFds() {
        Set<String> fds = new HashSet<>();
        for (TestServer server : LIVE) {
            for (Channel ch : server.connections) {
                if (ch instanceof io.netty.channel.epoll.EpollSocketChannel epoll) {
                    fds.add(Integer.toString(epoll.fd().intValue()));
                }
            }
        }
        return fds;
    }

    /** Blocks until the server is closed (for {@code fanout serve}). */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    @Override
    public void close() {
        LIVE.remove(this);
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Channel ch : connections.toArray(Channel[]::new)) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Counts accepted connections and keeps track of the open ones. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final ServerStats stats;
        private final Set<Channel> open;

        ConnectionCounter(ServerStats stats, Set<Channel> open) {
            this.stats = stats;
            this.open = open;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            stats.connectionOpened();
            Channel ch = ctx.channel();
            open.add(ch);
            ch.closeFuture().addListener(f -> open.remove(ch));
            ctx.fireChannelActive();
        }
    }

    /** Settings of a {@link TestServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Duration latency = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private int hnItems = 20_000;
        private int hnStories = 500;
        private long seed = 42;
        private int ioThreads = 2;
        private Fault fault;
        private int maxInFlight;
        private double quotaPerSecond;
        private TestCertificates tls;
        private int http2MaxStreams;
        private int robotsStatus = 200;

        private Builder() {
        }

        /** {@code /robots.txt} answers this status (a 5xx: a robots.txt that cannot be read); default 200. */
        public Builder robotsStatus(int status) {
            this.robotsStatus = status;
            return this;
        }

        /**
         * With {@link #tls}: offers HTTP/2 by ALPN (preferred to HTTP/1.1), allowing this many concurrent streams
         * per connection. Requests served over HTTP/2 are counted as {@code "protocol:h2"}.
         */
        public Builder http2(int maxConcurrentStreams) {
            this.http2MaxStreams = maxConcurrentStreams;
            return this;
        }

        /** A fault applied to every request that does not name its own in its query (default none). */
        public Builder fault(Fault fault) {
            this.fault = fault;
            return this;
        }

        /** Answers 503 at once to requests beyond this many in flight (default 0: no cap). */
        public Builder maxInFlight(int k) {
            this.maxInFlight = k;
            return this;
        }

        /** Answers 429 with Retry-After to requests beyond this rate, a bucket of one second's worth (default none). */
        public Builder quota(double requestsPerSecond) {
            this.quotaPerSecond = requestsPerSecond;
            return this;
        }

        /** Serves HTTPS with this certificate instead of plain HTTP. */
        public Builder tls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Loopback address to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Added before every response (default none). */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Latency varies uniformly by ± this much (default none). */
        public Builder jitter(Duration jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Size of the HN-shaped tree: total items and top stories (default 20,000 and 500, as the real API lists). */
        public Builder hnTree(int items, int stories) {
            this.hnItems = items;
            this.hnStories = stories;
            return this;
        }

        /** Seed of the generated datasets (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Event-loop threads (default 2). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /** Binds and starts serving. */
        public TestServer start() {
            try {
                return new TestServer(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding", e);
            }
        }
    }
}
