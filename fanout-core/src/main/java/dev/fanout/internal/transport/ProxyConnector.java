package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.TlsSettings;
import dev.fanout.internal.net.Url;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's part of a connection: TLS to an {@code https://} proxy, then a CONNECT tunnel ({@link HttpProxyHandler})
 * or a SOCKS5 handshake ({@link Socks5ProxyHandler}), placed first in the pipeline so that the target's TLS and
 * HTTP run through them unchanged. An http target through an HTTP proxy gets no tunnel: its requests go to the
 * proxy in absolute form (see {@link NettyTransport#encode}), so that keep-alive to the proxy works.
 *
 * <p>Everything that fails before the target is reached (the proxy unreachable, its TLS, its refusal) becomes a
 * {@link ProxyException}, classified {@code proxy}. Thread-safe.
 */
final class ProxyConnector {
    private static final String PROXY_TLS = "proxy-tls";
    private static final String PROXY = "proxy";
    private static final long ADDRESS_TTL_NANOS = 30_000_000_000L;

    private record Resolved(InetAddress address, long atNanos) {
    }

    private final TlsSettings tls;
    private final long timeoutMillis;
    private final ConcurrentHashMap<Proxy, Resolved> addresses = new ConcurrentHashMap<>();
    private volatile SslContext proxySsl;

    ProxyConnector(TlsSettings tls, long timeoutMillis) {
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    private static final String QUIET = "proxy-connect-errors";
    private static final ChannelHandler QUIET_HANDLER = new ConnectErrors();

    /**
     * Ends the pipeline while the connection is being set up: a refused tunnel or handshake is reported through
     * the connect promise, and the channel closed, so the event needs no handler further on (it would be logged
     * as unhandled). Removed by {@link #setUp} once the connection is ready.
     */
    @ChannelHandler.Sharable
    private static final class ConnectErrors extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Adds {@link ConnectErrors} last; call after the connection's other handlers were added. */
    static void quietUntilSetUp(Channel ch) {
        ch.pipeline().addLast(QUIET, QUIET_HANDLER);
    }

    /** The connection is ready (tunnel and TLS up): errors go to the exchange's handlers from now on. */
    static void setUp(Channel ch) {
        if (ch.pipeline().get(QUIET) != null) {
            ch.pipeline().remove(QUIET);
        }
    }

    /** Whether the target is reached through a tunnel (else the proxy is sent absolute-form requests). */
    static boolean tunnels(Proxy proxy, Url target) {
        return !proxy.forwardsHttp() || target.tls();
    }

    /** The proxy's address resolved less than 30 s ago, or null. */
    InetAddress cachedAddress(Proxy proxy, long nowNanos) {
        Resolved r = addresses.get(proxy);
        return r != null && nowNanos - r.atNanos() < ADDRESS_TTL_NANOS ? r.address() : null;
    }

    void cacheAddress(Proxy proxy, InetAddress address, long nowNanos) {
        addresses.put(proxy, new Resolved(address, nowNanos));
    }

    /** Adds the proxy's handlers at the head of a new connection's pipeline. */
    void addHandlers(Channel ch, Proxy proxy, InetSocketAddress proxyAddress, Url target) throws SSLException {
        ChannelPipeline p = ch.pipeline();
        if (proxy.scheme() == Proxy.Scheme.HTTPS) {
            SslHandler ssl = proxySsl().newHandler(ch.alloc(), proxy.host(), proxy.port());
            ssl.setHandshakeTimeoutMillis(timeoutMillis);
            p.addLast(PROXY_TLS, ssl);
        }
        if (!tunnels(proxy, target)) {
            return;
        }
        ProxyHandler handler = proxy.forwardsHttp()
                ? (proxy.userInfo() == null ? new HttpProxyHandler(proxyAddress)
                        : new HttpProxyHandler(proxyAddress, proxy.user(), proxy.password()))
                : (proxy.userInfo() == null ? new Socks5ProxyHandler(proxyAddress)
                        : new Socks5ProxyHandler(proxyAddress, proxy.user(), proxy.password()));
        handler.setConnectTimeoutMillis(timeoutMillis);
        p.addLast(PROXY, handler);
    }

    /**
     * Where the channel connects: the target (the proxy handler turns that into the proxy's address and names
     * the target in its handshake) or, without a tunnel, the proxy itself.
     */
    static SocketAddress remote(Proxy proxy, Url target, InetSocketAddress proxyAddress, InetAddress targetAddress) {
        if (!tunnels(proxy, target)) {
            return proxyAddress;
        }
        return targetAddress != null ? new InetSocketAddress(targetAddress, target.port())
                : InetSocketAddress.createUnresolved(target.host(), target.port());
    }

    /** Completes when the proxy's TLS and tunnel, if any, are up; fails with a {@link ProxyException}. */
    Future<Channel> established(Channel ch, Proxy proxy, Url target, Promise<Channel> promise) {
        SslHandler ssl = (SslHandler) ch.pipeline().get(PROXY_TLS);
        ProxyHandler handler = (ProxyHandler) ch.pipeline().get(PROXY);
        Runnable tunnel = () -> {
            if (handler == null) {
                promise.trySuccess(ch);
                return;
            }
            handler.connectFuture().addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess(ch);
                } else {
                    promise.tryFailure(ProxyException.refused(proxy, target, f.cause()));
                }
            });
        };
        if (ssl == null) {
            tunnel.run();
        } else {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    tunnel.run();
                } else {
                    promise.tryFailure(new ProxyException("proxy " + proxy.redacted() + ": TLS to the proxy failed: "
                            + FailureClassifier.oneLine(String.valueOf(f.cause().getMessage())), f.cause()));
                }
            });
        }
        return promise;
    }

    /** The target's TLS handler (the proxy's own, for an https:// proxy, comes first and is not it). */
    static SslHandler targetTls(Channel ch) {
        for (var e : ch.pipeline()) {
            if (e.getValue() instanceof SslHandler s && !PROXY_TLS.equals(e.getKey())) {
                return s;
            }
        }
        return null;
    }

    /** TLS to the proxy: the client's trust settings, HTTP/1.1 only (CONNECT and absolute-form requests). */
    private SslContext proxySsl() throws SSLException {
        SslContext ctx = proxySsl;
        if (ctx == null) {
            synchronized (this) {
                if (proxySsl == null) {
                    SslContextBuilder b = SslContextBuilder.forClient().sslProvider(Pipelines.tlsProvider());
                    if (tls.insecure()) {
                        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                    } else {
                        if (tls.trustedCertificates() != null) {
                            b.trustManager(tls.trustedCertificates().toFile());
                        }
                        b.endpointIdentificationAlgorithm("HTTPS");
                    }
                    proxySsl = b.build();
                }
                ctx = proxySsl;
            }
        }
        return ctx;
    }
}
