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
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes written past the codec are the bytes Netty's HTTP/1.1 encoder writes for the same request. */
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
