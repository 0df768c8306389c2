package dev.fanout.internal.transport;

import dev.fanout.CookieJar;
import dev.fanout.Headers;
import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes written past the codec are the bytes Netty's HTTP/1.1 encoder writes for the same request, and an
 * HTTP/2 stream's frames are the frames Netty's stream codec makes of it.
 */
class RequestEncoderTest {
    private static final Headers DEFAULTS = Headers.of("User-Agent", "fanout-test", "Accept-Encoding", "gzip", "Cookie", "d=1");

    @Test
    void bytesAreWhatTheCodecWrites() throws Exception {
        CookieJar jar = CookieJar.empty();
        jar.store("jar.test", "/", false, List.of("j=2"));
        RequestEncoder plain = new RequestEncoder(DEFAULTS, null);
        RequestEncoder withJar = new RequestEncoder(DEFAULTS, jar);
        Request get = Request.get("http://example.test:8080/a/b?q=1&r=%20");
        Request own = new Request("GET", "http://example.test/x", Headers.of("user-agent", "mine", "Host", "other.test",
                "Content-Length", "99", "X-Many", "1", "x-many", "2"), new byte[0], Map.of());
        Request post = new Request("POST", "http://example.test/p", Headers.of("Content-Type", "text/plain",
                "Content-Length", "1", "Cookie", "c=3"), "body é".getBytes(StandardCharsets.UTF_8), Map.of());
        Request put = new Request("PUT", "http://example.test/empty", Headers.empty(), new byte[0], Map.of());
        Request cookies = new Request("DELETE", "http://jar.test/", Headers.of("Cookie", "c=3", "cookie", "c=4"), new byte[0], Map.of());
        Request latin = new Request("GET", "http://example.test/", Headers.of("X-Latin", "caf\u00e9"), new byte[0], Map.of());
        Request head = new Request("HEAD", "http://example.test/h", Headers.empty(), new byte[0], Map.of());
        Proxy proxy = Proxy.parse("http://user:secret@proxy.test:3128");
        for (Request r : List.of(get, own, post, put, cookies, latin, head)) {
            for (RequestEncoder encoder : List.of(plain, withJar)) {
                Url target = Url.parse(r.url());
                assertThat(bytes(encoder, r, target, null)).as(r.method() + " " + r.url()).isEqualTo(codec(encoder, r, target, null));
                assertThat(bytes(encoder, r, target, proxy)).as("absolute form: " + r.url()).isEqualTo(codec(encoder, r, target, proxy));
            }
        }
    }

    @Test
    void transferEncodingGoesThroughTheEncoder() throws Exception {
        RequestEncoder encoder = new RequestEncoder(Headers.empty(), null);
        Request chunked = new Request("POST", "http://example.test/", Headers.of("Transfer-Encoding", "chunked"), new byte[0], Map.of());
        assertThat(encoder.encodeBytes(ByteBufAllocator.DEFAULT, chunked, Url.parse(chunked.url()), null)).isNull();
    }

    @Test
    void http2FramesAreWhatTheStreamCodecMakes() throws Exception {
        CookieJar jar = CookieJar.empty();
        jar.store("jar.test", "/", true, List.of("j=2"));
        Request get = Request.get("https://example.test:8443/a/b?q=1&r=%20");
        Request own = new Request("GET", "https://example.test/x", Headers.of("user-agent", "mine", "Host", "other.test:8443",
                "X-Many", "1", "x-many", "2", "Connection", "keep-alive, X-Hop", "X-Hop", "h", "Keep-Alive", "5",
                "Upgrade", "h2c", "Proxy-Connection", "close", "TE", "gzip, trailers"), new byte[0], Map.of());
        Request post = new Request("POST", "https://example.test/p", Headers.of("Content-Type", "text/plain",
                "Content-Length", "1", "Cookie", "c=3; e=5"), "body é".getBytes(StandardCharsets.UTF_8), Map.of());
        Request put = new Request("PUT", "https://example.test/empty", Headers.of("TE", "gzip"), new byte[0], Map.of());
        Request cookies = new Request("DELETE", "https://jar.test/", Headers.of("Cookie", "c=3", "cookie", "c=4"), new byte[0], Map.of());
        Request head = new Request("HEAD", "https://example.test/", Headers.empty(), new byte[0], Map.of());
        Request plainHttp = Request.get("http://example.test/cleartext");
        for (Request r : List.of(get, own, post, put, cookies, head, plainHttp)) {
            for (RequestEncoder encoder : List.of(new RequestEncoder(DEFAULTS, null), new RequestEncoder(DEFAULTS, jar))) {
                Url target = Url.parse(r.url());
                RequestEncoder.Http2Request ours = encoder.encodeHttp2(r, target);
                List<Object> theirs = streamCodec(encoder, r, target);
                Http2HeadersFrame codecHeaders = (Http2HeadersFrame) theirs.get(0);
                assertThat(fields(ours.headers())).as(r.method() + " " + r.url())
                        .isEqualTo(fields(codecHeaders.headers()));
                assertThat(ours.body() == null).as("the HEADERS frame ends the stream").isEqualTo(codecHeaders.isEndStream());
                if (ours.body() == null) {
                    assertThat(theirs).hasSize(1);
                } else {
                    Http2DataFrame data = (Http2DataFrame) theirs.get(1);
                    assertThat(ours.body()).isEqualTo(data.content());
                    assertThat(data.isEndStream()).isTrue();
                    data.release();
                    ours.body().release();
                }
                assertThat(ours.headers().scheme().toString()).isEqualTo(target.tls() ? "https" : "http");
                assertThat(pseudoFirst(ours.headers())).as("pseudo-header fields before the others").isTrue();
            }
        }
        Http2Headers own2 = new RequestEncoder(DEFAULTS, null).encodeHttp2(own, Url.parse(own.url())).headers();
        assertThat(own2.authority().toString()).isEqualTo("other.test:8443");
        assertThat(own2.getAll("te")).extracting(CharSequence::toString).containsExactly("trailers");
        assertThat(own2.contains("x-hop")).as("named by Connection").isFalse();
        assertThat(own2.contains("connection") || own2.contains("keep-alive") || own2.contains("upgrade")
                || own2.contains("proxy-connection") || own2.contains("host")).isFalse();
    }

    @Test
    void http2CookiesAreSentOnePerFieldLeavingOutEmptyOnes() throws Exception {
        Request r = new Request("GET", "https://example.test/", Headers.of("Cookie", "a=1;b=2; ;"), new byte[0], Map.of());
        Http2Headers h = new RequestEncoder(Headers.empty(), null).encodeHttp2(r, Url.parse(r.url())).headers();
        assertThat(h.getAll("cookie")).extracting(CharSequence::toString).containsExactly("a=1", "b=2");
    }

    private static boolean pseudoFirst(Http2Headers h) {
        boolean regular = false;
        for (var e : h) {
            boolean pseudo = e.getKey().length() > 0 && e.getKey().charAt(0) == ':';
            if (pseudo && regular) {
                return false;
            }
            regular |= !pseudo;
        }
        return true;
    }

    /** Header fields as "name: value", pseudo-header fields first, :scheme left out (the codec reads it from TLS). */
    private static List<String> fields(Http2Headers h) {
        List<String> out = new ArrayList<>();
        h.forEach(e -> {
            if (!e.getKey().toString().equals(":scheme")) {
                out.add(e.getKey() + ": " + e.getValue());
            }
        });
        List<String> pseudo = new ArrayList<>(out.stream().filter(f -> f.startsWith(":")).sorted().toList());
        pseudo.addAll(out.stream().filter(f -> !f.startsWith(":")).toList());
        return pseudo;
    }

    private static List<Object> streamCodec(RequestEncoder encoder, Request r, Url target) {
        EmbeddedChannel ch = new EmbeddedChannel(new Http2StreamFrameToHttpObjectCodec(false, false));
        ch.writeOutbound(encoder.encode(r, target, null));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static String bytes(RequestEncoder encoder, Request r, Url target, Proxy proxy) {
        ByteBuf buf = encoder.encodeBytes(ByteBufAllocator.DEFAULT, r, target, proxy);
        try {
            return buf.toString(CharsetUtil.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    private static String codec(RequestEncoder encoder, Request r, Url target, Proxy proxy) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpClientCodec());
        ch.writeOutbound(encoder.encode(r, target, proxy));
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            out.append(b.toString(CharsetUtil.ISO_8859_1));
        }
        ch.finishAndReleaseAll();
        return out.toString();
    }
}
