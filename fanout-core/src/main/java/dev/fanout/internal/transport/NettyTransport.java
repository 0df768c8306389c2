package dev.fanout.internal.transport;

import dev.fanout.FanoutConfig;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.internal.net.Url;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.nio.channels.spi.SelectorProvider;
import java.util.IdentityHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The only code that touches Netty: event loops, a connection pool per origin (per proxy and origin for calls the
 * dispatcher routed through a proxy, whose handlers {@link ProxyConnector} adds), DNS off the event loop, TLS,
 * HTTP/1.1 encoding and decoding, and HTTP/2 over TLS when the server chooses it by ALPN (one connection per
 * origin, an exchange per stream; the dispatcher's per-host limit bounds the streams as it bounds HTTP/1.1
 * connections). Executes calls the dispatcher admitted and reports each one's outcome
 * exactly once through {@link Completion}, on an event-loop thread.
 *
 * <p>Its parts: {@link Dialer} sets connections up (and asks each call's reach before connecting),
 * {@link Pipelines} assembles every pipeline, {@link RequestEncoder} writes requests, {@link Exchange} runs one
 * attempt and talks back only through {@link Connections}.
 */
public final class NettyTransport implements AutoCloseable {

    /** Receives each call's outcome, once, on an I/O thread. Must not block. */
    @FunctionalInterface
    public interface Completion {
        void completed(TransportCall call, Outcome outcome);
    }

    /** The Accept-Encoding a client sends by default: every coding the transport decodes (with the size caps). */
    public static final String ACCEPT_ENCODING = ContentDecoder.ACCEPT_ENCODING;

    /** Idle keep-alive connections are closed after this long (servers commonly keep them 5–75 s). */
    private static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MultiThreadIoEventLoopGroup group;
    private final ConcurrentHashMap<String, OriginPool> pools = new ConcurrentHashMap<>();
    private final IdleConnections idle;
    private final ExchangeParts parts;
    private final Pipelines pipelines;
    private final Dialer dialer;
    private final Connections connections = new Connections() {
        @Override
        public ExchangeParts parts() {
            return parts;
        }

        @Override
        public Future<Channel> connect(TransportCall call, OriginPool pool, EventLoop loop) {
            return dialer.connect(call, pool, loop);
        }

        @Override
        public void moveTo(TransportCall call, OriginPool pool, Http2Connection connection, boolean reused) {
            EventLoop loop = connection.channel().eventLoop();
            loop.execute(() -> new Exchange(this, call, pool, loop, timeouts.get(loop)).startOnStream(connection, reused));
        }

        @Override
        public boolean closing() {
            return dialer.closing();
        }
    };
    /** Each event loop's deadlines; a queue is only touched on its own loop. */
    private final IdentityHashMap<EventExecutor, LoopTimeouts> timeouts = new IdentityHashMap<>();

    public NettyTransport(FanoutConfig config, MemoryBudget memory, Completion completion) {
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Math.min(4, Runtime.getRuntime().availableProcessors());
        boolean epoll = !"nio".equals(System.getProperty("fanout.io")) && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("fanout-io", true), io);
        long connectTimeoutMillis = config.connectTimeout().toMillis();
        // a constructor called, not found and invoked by reflection for every connection (cold: ~75 µs each)
        ChannelFactory<Channel> sockets = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
        // an IPv4 address gets a socket of its own family: on the default (dual-stack IPv6) one it would cost a
        // system call more at every connect (IPV6_V6ONLY), which a run of one connection per URL pays per URL
        ChannelFactory<Channel> ipv4Sockets = epoll ? () -> new EpollSocketChannel(SocketProtocolFamily.INET)
                : () -> new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET);
        Bootstrap bootstrap = connections(sockets, connectTimeoutMillis);
        Bootstrap ipv4Bootstrap = connections(ipv4Sockets, connectTimeoutMillis);
        // through a proxy handler, the target's address goes to the handler unresolved
        Bootstrap proxiedBootstrap = bootstrap.clone().resolver(NoopAddressResolverGroup.INSTANCE);
        // only a client with proxies loads the proxy handlers (start-up matters)
        ProxyConnector proxies = config.proxy().enabled() ? new ProxyConnector(config.tls(), connectTimeoutMillis) : null;
        for (EventExecutor loop : group) {
            timeouts.put(loop, LoopTimeouts.of((EventLoop) loop, config.timeout(), config.firstByteTimeout(), config.readTimeout()));
        }
        // at most `concurrency` exchanges run at once, so more idle connections than that are never all reused
        this.idle = new IdleConnections(config.concurrency(), IDLE_TIMEOUT_NANOS, pools, group);
        this.parts = new ExchangeParts(config, memory, new RequestEncoder(config.defaultHeaders(), config.cookies()), idle, completion);
        this.pipelines = new Pipelines(config.tls(), connectTimeoutMillis, config.maxBodyBytes(), idle, proxies);
        this.dialer = new Dialer(bootstrap, ipv4Bootstrap, proxiedBootstrap, pipelines, proxies, connectTimeoutMillis);
    }

    /**
     * Connections made by {@code sockets}: keep-alive probes on, Nagle off (Netty's default for its sockets, so not
     * set again: that would be one more system call per connection).
     */
    private Bootstrap connections(ChannelFactory<Channel> sockets, long connectTimeoutMillis) {
        return new Bootstrap()
                .group(group)
                .channelFactory(sockets)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /** Starts an admitted call on a pooled connection or a new one. Any thread. */
    public void execute(TransportCall call) {
        // keep-alive connections are per (proxy, origin): one through a proxy is no use to a direct request
        Proxy proxy = call.proxy();
        String key = proxy == null ? call.target().originKey() : proxy.scheme().urlScheme() + "://" + proxy.userInfo() + "@"
                + proxy.host() + ":" + proxy.port() + " " + call.target().originKey();
        OriginPool pool = pools.computeIfAbsent(key, k -> new OriginPool());
        Channel reuse = idle.take(pool);
        EventLoop loop = reuse != null ? reuse.eventLoop() : loopFor(call.target(), pool);
        if (loop.inEventLoop()) {
            start(call, pool, loop, reuse);
        } else {
            loop.execute(() -> start(call, pool, loop, reuse));
        }
    }

    /** An exchange runs on the loop of the connection it will use: its HTTP/2 connection's, if there is one. */
    private EventLoop loopFor(Url target, OriginPool pool) {
        EventLoop loop = parts.mayUseHttp2(target) ? pool.preferredLoop() : null;
        return loop != null ? loop : group.next();
    }

    private void start(TransportCall call, OriginPool pool, EventLoop loop, Channel idle) {
        new Exchange(connections, call, pool, loop, timeouts.get(loop)).start(idle);
    }

    /** Closes every connection; calls still in flight end as cancelled. Waits for the I/O threads to end. */
    @Override
    public void close() {
        dialer.startClosing();
        idle.stop();
        dialer.closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        dialer.stopResolver();
    }

    /**
     * Ends the transport in a process that exits right after: each I/O thread is parked where it is (its calls
     * no longer progress) and the connections are left open for the operating system to close as the process
     * ends. Closing them one by one through their pipelines took ~0.13 ms each at the end of a run (100 in W3,
     * 1,000 at c=1000), and a JVM that exits waits up to 0.3 s for threads in a system call such as
     * {@code epoll_wait}, which a parked thread is not. The I/O threads never end: only for a process that exits.
     */
    public void abandon() {
        dialer.startClosing();
        idle.stop();
        CountDownLatch parked = new CountDownLatch(group.executorCount());
        for (EventExecutor loop : group) {
            try {
                loop.execute(() -> parkForever(parked));
            } catch (RejectedExecutionException e) {
                parked.countDown(); // that loop has ended already
            }
        }
        try {
            parked.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dialer.stopResolver();
    }

    private static void parkForever(CountDownLatch parked) {
        parked.countDown();
        while (true) {
            LockSupport.park(parked);
        }
    }
}
