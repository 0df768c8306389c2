package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.TlsSettings;
import dev.fanout.internal.net.Url;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;

/**
 * The one place that assembles each pipeline, in the order bytes leave the client:
 * <pre>
 * a connection:   [proxy: TLS to an https:// proxy, CONNECT or SOCKS5] → [target TLS, ALPN] → then, once known:
 *   HTTP/1.1:     HttpRequestEncoder, ResponseDecoder → ContentDecoder → ExchangeHandler
 *   HTTP/2:       FlushConsolidationHandler → Http2Connection, which hands each stream's frames to its SharedStream
 *                 (a compressed body through a ContentDecoder → ExchangeHandler of its own)
 * </pre>
 * so an exchange meets the same HTTP objects whatever the protocol and whatever proxy is in between. The TLS
 * context is made on first use (a run without https never loads it). Thread-safe.
 */
final class Pipelines {
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    /**
     * How much of a response body an HTTP/2 server may send on one stream before we read it: four times the
     * protocol's default, so a stream on a distant server is not held to 64 KiB a round trip. A paused stream
     * (no room in the memory budget) holds at most this much outside the budget.
     */
    static final int STREAM_WINDOW = 256 * 1024;
    /**
     * The connection's window: every stream the server may open (nginx allows 128) with its window full, so one
     * stream's unread body never holds the others back — the default 64 KiB would be shared by all of them.
     */
    static final int CONNECTION_WINDOW = 128 * STREAM_WINDOW;

    /**
     * What a {@code ChannelInitializer}'s {@code isSharable()} answers (its {@code @Sharable} says so), given by our
     * initializers without asking: Netty's answer reads the class's annotations, and making the first annotation
     * objects generates three proxy classes at start-up, on the event loop, before the first connect.
     */
    static final boolean SHARABLE_INITIALIZER = true;

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
            SslContext context = sslContext();
            if (context instanceof JdkSslContext) {
                ch.config().setAllocator(TlsBuffers.INSTANCE); // the JDK's records' room kept, not made anew for each
            }
            SslHandler ssl = context.newHandler(ch.alloc(), target.host(), target.port());
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
        return http2(ch, pool, inflateLimit);
    }

    /**
     * The HTTP/2 handlers of a connection whose TLS (if any) is in place, and its {@link Http2Connection}; sends our
     * preface and windows.
     */
    static Http2Connection http2(Channel ch, OriginPool pool, int inflateLimit) {
        Http2Settings settings = Http2Settings.defaultSettings().pushEnabled(false).maxHeaderListSize(MAX_HEADER_SIZE)
                .initialWindowSize(STREAM_WINDOW);
        Http2Connection h2 = Http2Connection.create(ch, pool, settings, Pipelines::unindexed, inflateLimit);
        ch.pipeline().addLast(
                // the streams' requests written in one event-loop tick leave in one TLS record and one write, not
                // one each: what a stream saves over a connection of its own
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                h2);
        // the connection's window is no setting but a WINDOW_UPDATE on stream 0, sent after the preface
        Http2Stream connection = h2.connection().connectionStream();
        int window = h2.connection().local().flowController().windowSize(connection);
        if (window < CONNECTION_WINDOW) {
            try {
                h2.connection().local().flowController().incrementWindowSize(connection, CONNECTION_WINDOW - window);
            } catch (Http2Exception e) {
                throw new IllegalStateException("the HTTP/2 connection window cannot be " + CONNECTION_WINDOW, e);
            }
            h2.flush(ch.pipeline().context(h2));
        }
        return h2;
    }

    /**
     * Header fields HPACK should not add to its table: a path is seldom sent twice in a run (every URL differs),
     * so indexing it only evicts the fields that do repeat, on both ends — nghttp2 does not index {@code :path}
     * either.
     */
    private static boolean unindexed(CharSequence name, CharSequence value) {
        return Http2Headers.PseudoHeaderName.PATH.value().contentEquals(name);
    }

    private void http1(Channel ch, OriginPool pool) {
        // requests are mostly written as bytes past the encoder, which is there for those that must be encoded
        HttpRequestEncoder encoder = new HttpRequestEncoder();
        ResponseDecoder decoder = new ResponseDecoder(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK);
        ExchangeHandler exchanges = new ExchangeHandler(pool, idle);
        ch.pipeline().addLast(encoder, decoder, new ContentDecoder(inflateLimit), exchanges);
        exchanges.writeFrom(ch.pipeline().context(encoder), decoder);
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

    /**
     * The TLS implementation: BoringSSL when netty-tcnative's jar and its native library for this platform are here
     * (fanout-cli brings them; a library user may add them), unless {@code -Dfanout.tls=jdk}; else the JDK's. Its
     * AES-GCM is native, while under C1 (the CLI compiles with C1 only) the JDK's runs as plain Java: measured, a
     * third of an HTTPS request's CPU, and 1 MiB bodies 8× as slow. Asked when the first TLS context is made: the
     * library is loaded then, and a run without https:// never loads it.
     */
    static SslProvider tlsProvider() {
        if ("jdk".equalsIgnoreCase(System.getProperty("fanout.tls", ""))) {
            return SslProvider.JDK;
        }
        return OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static SslContext newSslContext(TlsSettings tls) throws SSLException {
        SslProvider provider = tlsProvider();
        if (provider == SslProvider.JDK) {
            TlsWarmUp.start();
        }
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider);
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
