package dev.fanout.internal.transport;

import dev.fanout.FanoutConfig;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.internal.UserInfo;
import dev.fanout.Request;
import dev.fanout.internal.engine.Call;
import dev.fanout.internal.engine.MemoryBudget;
import dev.fanout.internal.net.BlockedNetworks;
import dev.fanout.internal.net.Cidr;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import dev.fanout.TlsSettings;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The only code that touches Netty: event loops, a connection pool per origin (per proxy and origin for calls the
 * dispatcher routed through a proxy, whose handlers {@link ProxyConnector} adds), DNS off the event loop, TLS,
 * HTTP/1.1 encoding and decoding, and HTTP/2 over TLS when the server chooses it by ALPN (one connection per
 * origin, an exchange per stream; the dispatcher's per-host limit bounds the streams as it bounds HTTP/1.1
 * connections). Executes calls the dispatcher admitted and reports each one's outcome
 * exactly once through {@link Completion}, on an event-loop thread.
 */
public final class NettyTransport implements AutoCloseable {

    /** Receives each call's outcome, once, on an I/O thread. Must not block. */
    @FunctionalInterface
    public interface Completion {
        void completed(Call call, Outcome outcome);
    }

    /** The Accept-Encoding a client sends by default: every coding the transport decodes (with the size caps). */
    public static final String ACCEPT_ENCODING = ContentDecoder.ACCEPT_ENCODING;

    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final HttpHeadersFactory UNVALIDATED_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /** Idle keep-alive connections are closed after this long (servers commonly keep them 5–75 s). */
    private static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final FanoutConfig config;
    private final MemoryBudget memory;
    private final Completion completion;
    private final MultiThreadIoEventLoopGroup group;
    private final Bootstrap bootstrap;
    /** For connections through a proxy handler: the target's address goes to the handler unresolved. */
    private final Bootstrap proxiedBootstrap;
    private final ProxyConnector proxies;
    private final ConcurrentHashMap<String, OriginPool> pools = new ConcurrentHashMap<>();
    /** The client's default headers, converted once (AsciiString encodes without a per-request conversion). */
    private final AsciiString[] defaultNames;
    private final AsciiString[] defaultValues;
    private final IdleConnections idle;
    private final BlockedNetworks blockedNetworks;
    /** Every open connection, so that close can close each one and wait for it (see {@link #close()}). */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile ThreadPoolExecutor resolver;
    private volatile SslContext sslContext;
    private volatile boolean closing;
    /** Each event loop's deadlines; a queue is only touched on its own loop. */
    private final IdentityHashMap<EventExecutor, LoopTimeouts> timeouts = new IdentityHashMap<>();

    public NettyTransport(FanoutConfig config, MemoryBudget memory, Completion completion) {
        this.config = config;
        this.memory = memory;
        this.completion = completion;
        Headers defaults = config.defaultHeaders();
        this.defaultNames = new AsciiString[defaults.size()];
        this.defaultValues = new AsciiString[defaults.size()];
        for (int i = 0; i < defaults.size(); i++) {
            defaultNames[i] = AsciiString.cached(defaults.name(i));
            defaultValues[i] = new AsciiString(defaults.value(i));
        }
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Math.min(4, Runtime.getRuntime().availableProcessors());
        boolean epoll = !"nio".equals(System.getProperty("fanout.io")) && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("fanout-io", true), io);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        this.proxiedBootstrap = bootstrap.clone().resolver(NoopAddressResolverGroup.INSTANCE);
        // only a client with proxies loads the proxy handlers (start-up matters)
        this.proxies = config.proxy().enabled() ? new ProxyConnector(config.tls(), config.connectTimeout().toMillis()) : null;
        for (EventExecutor loop : group) {
            timeouts.put(loop, LoopTimeouts.of((EventLoop) loop, config.timeout(), config.firstByteTimeout(), config.readTimeout()));
        }
        // at most `concurrency` exchanges run at once, so more idle connections than that are never all reused
        this.blockedNetworks = BlockedNetworks.of(config.blockedNetworks());
        this.idle = new IdleConnections(config.concurrency(), IDLE_TIMEOUT_NANOS, pools, group);
    }

    IdleConnections idle() {
        return idle;
    }

    FanoutConfig config() {
        return config;
    }

    /** The bodies held in memory at once: {@link KeptBody} reserves there. */
    MemoryBudget memory() {
        return memory;
    }

    boolean closing() {
        return closing;
    }

    /** Starts an admitted call on a pooled connection or a new one. Any thread. */
    public void execute(Call call) {
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
    private EventLoop loopFor(Target target, OriginPool pool) {
        EventLoop loop = mayUseHttp2(target) ? pool.preferredLoop() : null;
        return loop != null ? loop : group.next();
    }

    private void start(Call call, OriginPool pool, EventLoop loop, Channel idle) {
        new Exchange(this, call, pool, loop, timeouts.get(loop)).start(idle);
    }

    /**
     * Runs the call on {@code connection}'s loop, on a stream already reserved for it: an exchange that got an
     * HTTP/2 connection living on another loop than its own moves there (its timers start again).
     */
    void moveTo(Call call, OriginPool pool, Http2Connection connection, boolean reused) {
        EventLoop loop = connection.channel().eventLoop();
        loop.execute(() -> new Exchange(this, call, pool, loop, timeouts.get(loop)).startOnStream(connection, reused));
    }

    boolean mayUseHttp2(Target target) {
        return target.tls() && config.tls().http2();
    }

    /** Opens a stream on an HTTP/2 connection whose slot the caller reserved. On the connection's loop. */
    Future<Http2StreamChannel> openStream(Http2Connection connection, OriginPool pool) {
        Runnable release = connection.releaseOnce(); // when the stream closes, or if it never opens
        Future<Http2StreamChannel> opened = new Http2StreamChannelBootstrap(connection.channel()).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.closeFuture().addListener(f -> release.run());
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, false),
                        new ContentDecoder(inflateLimit()),
                        new ExchangeHandler(pool, idle));
            }
        }).open();
        opened.addListener(f -> {
            if (!f.isSuccess()) {
                release.run();
            }
        });
        return opened;
    }

    void completed(Call call, Outcome outcome) {
        completion.completed(call, outcome);
    }

    /**
     * A connected channel (TLS handshake done) on {@code loop}, or the reason there is none; for an HTTPS origin
     * it may be a shared HTTP/2 connection ({@link Http2Connection#of}) on another loop, or null: the
     * connection being negotiated turned out HTTP/1.1, ask again. On the loop.
     */
    Future<Channel> connect(Call call, OriginPool pool, EventLoop loop) {
        Target target = call.target();
        boolean probe = false;
        if (mayUseHttp2(target)) {
            OriginPool.Http2Plan plan = pool.planHttp2(loop);
            if (plan.ready() != null) {
                return plan.ready();
            }
            probe = plan.probe();
        }
        Future<Channel> connected = dial(call, pool, loop, probe);
        if (probe) {
            connected.addListener(f -> {
                if (!f.isSuccess()) {
                    pool.probeEnded(null, f.cause());
                }
            });
        }
        return connected;
    }

    private Future<Channel> dial(Call call, OriginPool pool, EventLoop loop, boolean probe) {
        if (call.proxy() != null) {
            return dialProxy(call, pool, loop, probe);
        }
        Target target = call.target();
        Promise<Channel> promise = loop.newPromise();
        InetAddress literal = literalAddress(target.host());
        InetAddress cached = literal != null ? literal : pool.cachedAddress(System.nanoTime());
        if (cached != null) {
            if (blocked(call, cached, promise)) {
                return promise;
            }
            connectTo(new InetSocketAddress(cached, target.port()), null, call, pool, loop, promise, probe);
        } else {
            resolver().execute(() -> {
                try {
                    InetAddress address = InetAddress.getByName(target.host());
                    pool.cacheAddress(address, System.nanoTime());
                    if (!blocked(call, address, promise)) {
                        loop.execute(() -> connectTo(new InetSocketAddress(address, target.port()), null, call, pool, loop,
                                promise, probe));
                    }
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                } catch (RuntimeException e) {
                    promise.tryFailure(e);
                }
            });
        }
        return promise;
    }

    /** Fails the connection when the host (a name or an IP literal) is in a blocked network the call may not reach. */
    private boolean blocked(Call call, InetAddress address, Promise<Channel> promise) {
        BlockedAddressException refused = refusal(call, address);
        if (refused == null) {
            return false;
        }
        promise.tryFailure(refused);
        return true;
    }

    /**
     * Why the call may not use {@code connection} (kept alive, or a shared HTTP/2 one, opened by a request that
     * was allowed there), or null: a connection is reused only where a new one could be made.
     */
    BlockedAddressException refusedReuse(Call call, Channel connection) {
        return connection.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? refusal(call, remote.getAddress()) : null;
    }

    private BlockedAddressException refusal(Call call, InetAddress address) {
        Cidr network = blockedNetworks.blocking(address);
        String host = call.target().host();
        if (network == null || call.mayReachBlocked(host)) {
            return null;
        }
        String where = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) ? host + " is"
                : host + " resolves to " + address.getHostAddress() + ",";
        return new BlockedAddressException(where + " in the blocked network " + network
                + ", where redirects and crawled links may not connect");
    }

    /**
     * Through the call's proxy: resolves the proxy's host, and the target's when the proxy is given addresses
     * (socks5); the target's name goes to every other kind of proxy unresolved, so only an IP-literal target is
     * checked against the blocked networks here.
     */
    private Future<Channel> dialProxy(Call call, OriginPool pool, EventLoop loop, boolean probe) {
        Target target = call.target();
        Proxy proxy = call.proxy();
        Promise<Channel> promise = loop.newPromise();
        InetAddress literal = literalAddress(target.host());
        if (literal != null && blocked(call, literal, promise)) {
            return promise;
        }
        boolean resolveTarget = literal == null && !proxy.resolvesNames();
        InetAddress proxyLiteral = literalAddress(proxy.host());
        InetAddress proxyCached = proxyLiteral != null ? proxyLiteral : proxies.cachedAddress(proxy, System.nanoTime());
        InetAddress targetCached = resolveTarget ? pool.cachedAddress(System.nanoTime()) : literal;
        if (proxyCached != null && (targetCached != null || !resolveTarget)) {
            if (targetCached == null || literal != null || !blocked(call, targetCached, promise)) {
                connectTo(ProxyConnector.remote(proxy, target, new InetSocketAddress(proxyCached, proxy.port()), targetCached),
                        new InetSocketAddress(proxyCached, proxy.port()), call, pool, loop, promise, probe);
            }
            return promise;
        }
        resolver().execute(() -> {
            InetAddress proxyAddress;
            try {
                proxyAddress = proxyCached != null ? proxyCached : InetAddress.getByName(proxy.host());
                proxies.cacheAddress(proxy, proxyAddress, System.nanoTime());
            } catch (UnknownHostException | RuntimeException e) {
                promise.tryFailure(ProxyException.unreachable(proxy, e instanceof UnknownHostException ? e : new UnknownHostException(proxy.host())));
                return;
            }
            InetAddress targetAddress = targetCached;
            try {
                if (resolveTarget && targetAddress == null) {
                    targetAddress = InetAddress.getByName(target.host());
                    pool.cacheAddress(targetAddress, System.nanoTime());
                }
            } catch (UnknownHostException | RuntimeException e) {
                promise.tryFailure(e);
                return;
            }
            if (resolveTarget && blocked(call, targetAddress, promise)) {
                return;
            }
            InetSocketAddress at = new InetSocketAddress(proxyAddress, proxy.port());
            SocketAddress remote = ProxyConnector.remote(proxy, target, at, targetAddress);
            loop.execute(() -> connectTo(remote, at, call, pool, loop, promise, probe));
        });
        return promise;
    }

    /**
     * Connects to {@code remote} (the target, or through {@code proxyAddress} when the call has a proxy) and sets
     * the connection up: the proxy's part, the target's TLS, then HTTP/1.1 (or HTTP/2 once ALPN says so).
     */
    private void connectTo(SocketAddress remote, InetSocketAddress proxyAddress, Call call, OriginPool pool, EventLoop loop,
                           Promise<Channel> promise, boolean probe) {
        Target target = call.target();
        Proxy proxy = call.proxy();
        if (promise.isDone()) {
            return;
        }
        if (closing) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        Future<Channel> cf = pool.connects().open(loop, () -> (proxy == null ? bootstrap : proxiedBootstrap).clone(loop).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) throws SSLException {
                channels.add(ch);
                ch.closeFuture().addListener(f -> channels.remove(ch));
                if (closing) {
                    ch.close(); // registered after close() took its list of channels
                    return;
                }
                if (proxy != null) {
                    proxies.addHandlers(ch, proxy, proxyAddress, target);
                }
                if (target.tls()) {
                    SslHandler ssl = sslContext().newHandler(ch.alloc(), target.host(), target.port());
                    ssl.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
                    ch.pipeline().addLast(ssl);
                }
                if (!mayUseHttp2(target)) {
                    addHttp1(ch, pool);
                } // else the handshake's ALPN answer decides
                if (proxy != null) {
                    ProxyConnector.quietUntilSetUp(ch);
                }
            }
        }).connect(remote));
        cf.addListener((Future<Channel> f) -> {
            if (!f.isSuccess()) {
                promise.tryFailure(proxy == null ? f.cause() : ProxyException.unreachable(proxy, f.cause()));
                return;
            }
            if (proxy == null) {
                connected(f.getNow(), target, pool, promise, probe, false);
                return;
            }
            proxies.established(f.getNow(), proxy, target, f.getNow().eventLoop().newPromise()).addListener((Future<Channel> p) -> {
                if (p.isSuccess()) {
                    connected(f.getNow(), target, pool, promise, probe, true);
                } else {
                    f.getNow().close();
                    promise.tryFailure(p.cause());
                }
            });
        });
    }

    /** The connection is up to the target (through any proxy): completes it after the target's TLS handshake. */
    private void connected(Channel ch, Target target, OriginPool pool, Promise<Channel> promise, boolean probe, boolean proxied) {
        SslHandler ssl = proxied ? ProxyConnector.targetTls(ch) : ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            if (proxied) {
                ProxyConnector.setUp(ch);
            }
            completeConnect(promise, ch);
            return;
        }
        ssl.handshakeFuture().addListener(h -> {
            if (h.isSuccess() && proxied) {
                ProxyConnector.setUp(ch);
            }
            if (h.isSuccess() && mayUseHttp2(target)) {
                negotiated(ch, ssl, pool, promise, probe);
            } else if (h.isSuccess()) {
                completeConnect(promise, ch);
            } else {
                ch.close();
                promise.tryFailure(h.cause());
            }
        });
    }

    /** Sets the connection up for the protocol the server chose, and shares it if that is HTTP/2. */
    private void negotiated(Channel ch, SslHandler ssl, OriginPool pool, Promise<Channel> promise, boolean probe) {
        if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
            addHttp1(ch, pool);
            if (probe) {
                pool.probeEnded(null, null);
            }
            completeConnect(promise, ch);
            return;
        }
        Http2Connection h2 = new Http2Connection(ch, pool);
        ch.pipeline().addLast(
                Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false).maxHeaderListSize(MAX_HEADER_SIZE))
                        .build(),
                new Http2MultiplexHandler(new RefuseStreams()),
                h2);
        ScheduledFuture<?> noSettings = ch.eventLoop().schedule(() -> {
            ch.close(); // a server that never sends SETTINGS must not hold the exchanges waiting for it
        }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        h2.settled().addListener(f -> {
            noSettings.cancel(false);
            if (!f.isSuccess()) {
                ch.close();
                promise.tryFailure(f.cause());
                return;
            }
            if (probe) {
                pool.probeEnded(h2, null);
            } else {
                pool.addShared(h2);
            }
            // shared from now on: if this attempt ended meanwhile, the connection stays for others (and idles out)
            promise.trySuccess(ch);
        });
    }

    /** Server-initiated streams (push is disabled in our SETTINGS, so none should come) are closed. */
    @ChannelHandler.Sharable
    private static final class RefuseStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }

    private void addHttp1(Channel ch, OriginPool pool) {
        ch.pipeline().addLast(
                new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK),
                // one read never inflates past the body limit: a compression bomb fails as too_large
                // before it can take more memory than a body may
                new ContentDecoder(inflateLimit()),
                new ExchangeHandler(pool, idle));
    }

    private static void completeConnect(Promise<Channel> promise, Channel ch) {
        if (!promise.trySuccess(ch)) {
            ch.close(); // the attempt ended (timeout, close) while connecting
        }
    }

    private static InetAddress literalAddress(String host) {
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(host);
        if (raw == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(host, raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The HTTP/1.1 request for a call: Host, the client's default headers unless the request sets the same
     * name, then the request's own headers. Headers are not validated again here: {@code RequestChecks} did
     * that before the call was admitted.
     */
    HttpRequest encode(Request request, Target target, Proxy proxy) {
        byte[] body = request.body();
        ByteBuf content = body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        // to an HTTP proxy without a tunnel, the absolute form: the proxy needs to know where the request goes
        boolean absolute = proxy != null && !ProxyConnector.tunnels(proxy, target);
        String uri = absolute ? "http://" + target.hostHeader() + target.pathAndQuery() : target.pathAndQuery();
        // a request has no trailers: the shared empty map saves a header map per request
        DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), uri, content, UNVALIDATED_HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        HttpHeaders h = out.headers();
        if (absolute && proxy.userInfo() != null) {
            h.add(HttpHeaderNames.PROXY_AUTHORIZATION, UserInfo.basicAuthorization(proxy.userInfo()));
        }
        Headers own = request.headers();
        if (!own.contains("host")) {
            h.add(HttpHeaderNames.HOST, target.hostHeader());
        }
        for (int i = 0; i < defaultNames.length; i++) {
            if (!own.contains(defaultNames[i].toString())) {
                h.add(defaultNames[i], defaultValues[i]);
            }
        }
        for (int i = 0; i < own.size(); i++) {
            h.add(own.name(i), own.value(i));
        }
        if (config.cookies() != null) {
            String jar = config.cookies().header(target.host(), target.pathAndQuery(), target.tls());
            if (jar != null) {
                String given = h.get(HttpHeaderNames.COOKIE);
                h.set(HttpHeaderNames.COOKIE, given == null ? jar : given + "; " + jar);
            }
        }
        if (body.length > 0 || expectsBody(request.method())) {
            // the body's real length, replacing any Content-Length the request's own headers carried
            h.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        }
        return out;
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private int inflateLimit() {
        return (int) Math.min(config.maxBodyBytes() + 1, Integer.MAX_VALUE - 8);
    }

    private SslContext sslContext() throws SSLException {
        SslContext ctx = sslContext;
        if (ctx == null) {
            synchronized (this) {
                ctx = sslContext;
                if (ctx == null) {
                    ctx = newSslContext(config.tls());
                    sslContext = ctx;
                }
            }
        }
        return ctx;
    }

    private static SslContext newSslContext(TlsSettings tls) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (tls.http2()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        }
        if (tls.insecure()) {
            return b.trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        }
        if (tls.trustedCertificates() != null) {
            b.trustManager(tls.trustedCertificates().toFile());
        }
        return b.endpointIdentificationAlgorithm("HTTPS").build();
    }

    private ThreadPoolExecutor resolver() {
        ThreadPoolExecutor r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) {
                    // JDK name lookups block; they run here so that no event loop ever waits on DNS
                    r = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                            new DefaultThreadFactory("fanout-dns", true));
                    r.allowCoreThreadTimeOut(true);
                    resolver = r;
                }
            }
        }
        return r;
    }

    /** Closes every connection; calls still in flight end as cancelled. Waits for the I/O threads to end. */
    @Override
    public void close() {
        closing = true;
        idle.stop();
        // closed one by one and awaited: shutting the event loops down alone was seen to leave some sockets
        // open after the group had terminated (found by the leak check)
        List<ChannelFuture> closes = new ArrayList<>();
        for (Channel ch : channels.toArray(Channel[]::new)) {
            closes.add(ch.close());
        }
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        ThreadPoolExecutor r = resolver;
        if (r != null) {
            r.shutdownNow();
        }
    }
}
