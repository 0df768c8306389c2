package dev.fanout.testserver;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Responses a hostile server sends, for the client's size caps: {@code /bomb/gzip/{MiB}},
 * {@code /bomb/deflate/{MiB}} and {@code /bomb/br/{MiB}} (a few KiB on the wire that decompress to that many MiB of zeros), and
 * {@code /big-headers/{KiB}} (a header line of that size); and redirects: {@code /redirect/{n}} (a chain of n
 * 302s ending in a 200), {@code /redirect-to?url=U&status=S} (one redirect to U, status 302 by default) and
 * {@code /redirect-loop/a} ⇄ {@code /redirect-loop/b}; and cookies: {@code /set-cookie?c=SETCOOKIE&c=…[&to=URL]}
 * (each {@code c} sent as a {@code Set-Cookie} header, on a 302 to {@code to} when given).
 */
final class Hostile {
    private static final Map<String, byte[]> BOMBS = new ConcurrentHashMap<>();

    private Hostile() {
    }

    /** The response for {@code path} (with its query parameters), or null when the path is not one of these. */
    static FullHttpResponse response(String path, Map<String, List<String>> query) {
        String[] parts = path.split("/");
        try {
            if (parts.length == 3 && parts[1].equals("redirect")) {
                int n = Integer.parseInt(parts[2]);
                return n <= 0 ? json("{\"redirected\":true}") : redirect(302, "/redirect/" + (n - 1));
            }
            if (path.equals("/redirect-to") && query.containsKey("url")) {
                int status = query.containsKey("status") ? Integer.parseInt(query.get("status").get(0)) : 302;
                return redirect(status, query.get("url").get(0));
            }
            if (path.equals("/set-cookie")) {
                List<String> to = query.get("to");
                FullHttpResponse r = to == null ? json("{\"cookies\":" + query.getOrDefault("c", List.of()).size() + "}")
                        : redirect(302, to.get(0));
                query.getOrDefault("c", List.of()).forEach(c -> r.headers().add(HttpHeaderNames.SET_COOKIE, c));
                return r;
            }
            if (path.equals("/redirect-loop/a") || path.equals("/redirect-loop/b")) {
                return redirect(302, path.endsWith("a") ? "/redirect-loop/b" : "/redirect-loop/a");
            }
            if (parts.length == 4 && parts[1].equals("bomb") && (parts[2].equals("gzip") || parts[2].equals("deflate") || parts[2].equals("br"))) {
                int mib = Math.min(Integer.parseInt(parts[3]), 4096);
                byte[] body = BOMBS.computeIfAbsent(parts[2] + mib, k -> compressedZeros(parts[2], mib));
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                r.headers().set(HttpHeaderNames.CONTENT_ENCODING, parts[2]).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                return r;
            }
            if (parts.length == 3 && parts[1].equals("big-headers")) {
                int kib = Math.min(Integer.parseInt(parts[2]), 16 * 1024);
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
                r.headers().set("X-Pad", "x".repeat(kib * 1024)).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                return r;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static FullHttpResponse redirect(int status, String location) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.LOCATION, location).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    private static FullHttpResponse json(String body) {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        return r;
    }

    private static byte[] compressedZeros(String encoding, int mib) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (encoding) {
            case "gzip" -> new GZIPOutputStream(bytes);
            case "br" -> brotli(bytes);
            default -> new DeflaterOutputStream(bytes);
        }) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mib; i++) {
                out.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static OutputStream brotli(OutputStream out) throws IOException {
        Brotli4jLoader.ensureAvailability();
        return new BrotliOutputStream(out);
    }
}
