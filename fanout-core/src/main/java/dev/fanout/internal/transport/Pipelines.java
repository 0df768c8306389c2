package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.TlsSettings;
import dev.fanout.internal.net.Url;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;

/**
 * The one place that assembles each pipeline, in the order bytes leave the client:
 * <pre>
 * a connection:   [proxy: TLS to an https:// proxy, CONNECT or SOCKS5] → [target TLS, ALPN] → then, once known:
 *   HTTP/1.1:     HttpClientCodec → ContentDecoder → ExchangeHandler
 *   HTTP/2:       Http2FrameCodec → Http2MultiplexHandler → Http2Connection, and per stream:
 *   a stream:     Http2StreamFrameToHttpObjectCodec → ContentDecoder → ExchangeHandler
 * </pre>
 * so an exchange meets the same HTTP objects whatever the protocol and whatever proxy is in between. The TLS
 * context is made on first use (a run without https never loads it). Thread-safe.
 */
final class Pipelines {
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final TlsSettings tls;
    private final long connectTimeoutMillis;
    /** One read never inflates past the body limit: a compression bomb fails as too_large before it takes more. */
    private final int inflateLimit;
    private final IdleConnections idle;
    private final ProxyConnector proxies;
    private volatile SslContext sslContext;

    Pipelines(TlsSettings tls, long connectTimeoutMillis, long maxBodyBytes, IdleConnections idle, ProxyConnector proxies) {
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.inflateLimit = (int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8);
        this.idle = idle;
        this.proxies = proxies;
    }

    /** Whether a connection to {@code target} may turn out HTTP/2 (the server chooses by ALPN). */
    boolean mayUseHttp2(Url target) {
        return mayUseHttp2(tls, target);
    }

    static boolean mayUseHttp2(TlsSettings tls, Url target) {
        return target.tls() && tls.http2();
    }

    /**
     * A new connection to {@code target}, through {@code proxy} (at {@code proxyAddress}) when it is not null: the
     * proxy's part, the target's TLS, then HTTP/1.1 — or nothing more until ALPN answers ({@link #negotiated}).
     */
    void connection(Channel ch, Url target, Proxy proxy, InetSocketAddress proxyAddress, OriginPool pool) throws SSLException {
        if (proxy != null) {
            proxies.addHandlers(ch, proxy, proxyAddress, target);
        }
        if (target.tls()) {
            SslHandler ssl = sslContext().newHandler(ch.alloc(), target.host(), target.port());
            ssl.setHandshakeTimeoutMillis(connectTimeoutMillis);
            ch.pipeline().addLast(ssl);
        }
        if (!mayUseHttp2(target)) {
            http1(ch, pool);
        } // else the handshake's ALPN answer decides
        if (proxy != null) {
            ProxyConnector.quietUntilSetUp(ch);
        }
    }

    /**
     * The protocol the server chose by ALPN, set up: HTTP/1.1 handlers, or the HTTP/2 connection ({@code null} for
     * HTTP/1.1), which exchanges then share.
     */
    Http2Connection negotiated(Channel ch, SslHandler ssl, OriginPool pool) {
        if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
            http1(ch, pool);
            return null;
        }
        Http2Connection h2 = new Http2Connection(ch, pool);
        ch.pipeline().addLast(
                Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false).maxHeaderListSize(MAX_HEADER_SIZE))
                        .build(),
                new Http2MultiplexHandler(new RefuseStreams()),
                h2);
        return h2;
    }

    /** One exchange's stream on a shared HTTP/2 connection. */
    void stream(Http2StreamChannel ch, OriginPool pool) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, false),
                new ContentDecoder(inflateLimit),
                new ExchangeHandler(pool, idle));
    }

    private void http1(Channel ch, OriginPool pool) {
        HttpClientCodec codec = new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK);
        ExchangeHandler exchanges = new ExchangeHandler(pool, idle);
        ch.pipeline().addLast(codec, new ContentDecoder(inflateLimit), exchanges);
        exchanges.writeFrom(ch.pipeline().context(codec));
    }

    /** Server-initiated streams (push is disabled in our SETTINGS, so none should come) are closed. */
    @ChannelHandler.Sharable
    private static final class RefuseStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }

    private SslContext sslContext() throws SSLException {
        SslContext ctx = sslContext;
        if (ctx == null) {
            synchronized (this) {
                ctx = sslContext;
                if (ctx == null) {
                    ctx = newSslContext(tls);
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
}
