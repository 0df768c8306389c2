package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.internal.net.Url;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Connection set-up: the target's (or the proxy's) address from a literal, the pool's cache or a lookup off the
 * event loop; the call's reach asked with that address ({@link #refusal}, the one check before connecting); then
 * the connection, its pipeline as {@link Pipelines} assembles it, the proxy's handshake, the target's TLS and the
 * protocol ALPN chose. Tracks every channel it opened so that {@link #closeAll} can close each one.
 */
final class Dialer {
    private final Bootstrap bootstrap;
    /** For direct connections to an IPv4 address: a socket of that family. */
    private final Bootstrap ipv4Bootstrap;
    /** For connections through a proxy handler: the target's address goes to the handler unresolved. */
    private final Bootstrap proxiedBootstrap;
    private final Pipelines pipelines;
    private final ProxyConnector proxies;
    private final long connectTimeoutMillis;
    /** Every open connection, so that close can close each one and wait for it (see {@link #closeAll}). */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile ThreadPoolExecutor resolver;
    private volatile boolean closing;

    Dialer(Bootstrap bootstrap, Bootstrap ipv4Bootstrap, Bootstrap proxiedBootstrap, Pipelines pipelines, ProxyConnector proxies,
           long connectTimeoutMillis) {
        this.bootstrap = bootstrap;
        this.ipv4Bootstrap = ipv4Bootstrap;
        this.proxiedBootstrap = proxiedBootstrap;
        this.pipelines = pipelines;
        this.proxies = proxies;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Whether the client is closing: what breaks now breaks because of that. */
    boolean closing() {
        return closing;
    }

    /**
     * A connected channel (TLS handshake done) on {@code loop}, or the reason there is none; for an HTTPS origin
     * it may be a shared HTTP/2 connection ({@link Http2Connection#of}) on another loop, or null: the
     * connection being negotiated turned out HTTP/1.1, ask again. On the loop.
     */
    Future<Channel> connect(TransportCall call, OriginPool pool, EventLoop loop) {
        Url target = call.target();
        boolean probe = false;
        if (pipelines.mayUseHttp2(target)) {
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

    private Future<Channel> dial(TransportCall call, OriginPool pool, EventLoop loop, boolean probe) {
        if (call.proxy() != null) {
            return dialProxy(call, pool, loop, probe);
        }
        Url target = call.target();
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
    private boolean blocked(TransportCall call, InetAddress address, Promise<Channel> promise) {
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
    static BlockedAddressException refusedReuse(TransportCall call, Channel connection) {
        return connection.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? refusal(call, remote.getAddress()) : null;
    }

    /**
     * The one check before connecting: the call's {@link dev.fanout.internal.net.Reach}, asked with the address its
     * host resolved to (or that a connection about to be reused is connected to).
     */
    private static BlockedAddressException refusal(TransportCall call, InetAddress address) {
        String why = call.reach().refusal(call.target().host(), address);
        return why == null ? null : new BlockedAddressException(why);
    }

    /**
     * Through the call's proxy: resolves the proxy's host, and the target's when the proxy is given addresses
     * (socks5); the target's name goes to every other kind of proxy unresolved, so only an IP-literal target is
     * checked against the blocked networks here.
     */
    private Future<Channel> dialProxy(TransportCall call, OriginPool pool, EventLoop loop, boolean probe) {
        Url target = call.target();
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
    private void connectTo(SocketAddress remote, InetSocketAddress proxyAddress, TransportCall call, OriginPool pool, EventLoop loop,
                           Promise<Channel> promise, boolean probe) {
        Url target = call.target();
        Proxy proxy = call.proxy();
        if (promise.isDone()) {
            return;
        }
        if (closing) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        Bootstrap base = proxy != null ? proxiedBootstrap
                : remote instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address ? ipv4Bootstrap : bootstrap;
        Future<Channel> cf = pool.connects().open(loop, () -> base.clone(loop).handler(new ChannelInitializer<>() {
            @Override
            public boolean isSharable() {
                return Pipelines.SHARABLE_INITIALIZER;
            }

            @Override
            protected void initChannel(Channel ch) throws SSLException {
                channels.add(ch);
                ch.closeFuture().addListener(f -> channels.remove(ch));
                if (closing) {
                    ch.close(); // registered after close() took its list of channels
                    return;
                }
                pipelines.connection(ch, target, proxy, proxyAddress, pool);
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
    private void connected(Channel ch, Url target, OriginPool pool, Promise<Channel> promise, boolean probe, boolean proxied) {
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
            if (h.isSuccess() && pipelines.mayUseHttp2(target)) {
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
        Http2Connection h2 = pipelines.negotiated(ch, ssl, pool);
        if (h2 == null) {
            if (probe) {
                pool.probeEnded(null, null);
            }
            completeConnect(promise, ch);
            return;
        }
        ScheduledFuture<?> noSettings = ch.eventLoop().schedule(() -> {
            ch.close(); // a server that never sends SETTINGS must not hold the exchanges waiting for it
        }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
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
            // an IPv6 zone (fe80::1%eth0) names the interface: only the JDK's own parsing keeps it
            return host.indexOf('%') >= 0 ? InetAddress.getByName(host) : InetAddress.getByAddress(host, raw);
        } catch (UnknownHostException e) {
            return null;
        }
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

    /** From now on no connection is set up, and what breaks breaks because of the close. */
    void startClosing() {
        closing = true;
    }

    /**
     * Closes every connection and waits for each: shutting the event loops down alone was seen to leave some
     * sockets open after the group had terminated (found by the leak check).
     */
    void closeAll() {
        // one task per event loop closing its channels there, not a close per channel handed to its loop and waited
        // for: a hundred connections took ~0.3 ms each that way, in hand-overs between this thread and the loops
        Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();
        for (Channel ch : channels.toArray(Channel[]::new)) {
            byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>()).add(ch);
        }
        List<Future<?>> closed = new ArrayList<>();
        byLoop.forEach((loop, list) -> {
            try {
                closed.add(loop.submit(() -> list.forEach(Channel::close)));
            } catch (RejectedExecutionException e) {
                // the loop has ended, and closed its channels as it did
            }
        });
        for (Future<?> f : closed) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    /** Stops the name lookups (after the event loops ended). */
    void stopResolver() {
        ThreadPoolExecutor r = resolver;
        if (r != null) {
            r.shutdownNow();
        }
    }
}
