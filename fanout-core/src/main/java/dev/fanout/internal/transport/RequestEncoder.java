package dev.fanout.internal.transport;

import dev.fanout.CookieJar;
import dev.fanout.Headers;
import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a call's request into what is written for it: the HTTP/1.1 request Netty's codec writes, the same
 * request's bytes, or an HTTP/2 stream's frames. The client's default headers are converted once, at
 * construction. Immutable apart from the cookie jar it reads, which has its own lock; called on event loops.
 */
final class RequestEncoder {
    private static final HttpHeadersFactory UNVALIDATED_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(CharsetUtil.US_ASCII);

    /** The client's default headers, converted once (AsciiString encodes without a per-request conversion). */
    private final AsciiString[] defaultNames;
    private final AsciiString[] defaultValues;
    /** The same names in lower case, as HTTP/2 sends them. */
    private final AsciiString[] defaultLowerNames;
    private final CookieJar cookies;

    RequestEncoder(Headers defaults, CookieJar cookies) {
        this.cookies = cookies;
        this.defaultNames = new AsciiString[defaults.size()];
        this.defaultValues = new AsciiString[defaults.size()];
        this.defaultLowerNames = new AsciiString[defaults.size()];
        for (int i = 0; i < defaults.size(); i++) {
            defaultNames[i] = AsciiString.cached(defaults.name(i));
            defaultValues[i] = new AsciiString(defaults.value(i));
            defaultLowerNames[i] = AsciiString.cached(defaults.name(i).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The HTTP/1.1 request for a call: Host, the client's default headers unless the request sets the same
     * name, then the request's own headers. Headers are not validated again here: {@code RequestChecks} did
     * that before the call was admitted.
     */
    HttpRequest encode(Request request, Url target, Proxy proxy) {
        byte[] body = request.body();
        ByteBuf content = body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        // a request has no trailers: the shared empty map saves a header map per request
        DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), uri(target, proxy), content, UNVALIDATED_HEADERS.newHeaders(),
                EmptyHttpHeaders.INSTANCE);
        HttpHeaders h = out.headers();
        headers(request, target, proxy, h::add);
        return out;
    }

    /**
     * The same request as {@link #encode}, as the bytes Netty's HTTP/1.1 encoder would write for it, or null when
     * that encoder must see the request: one framed with Transfer-Encoding (the encoder writes its body as chunks).
     * Writing them past the encoder saves the request object, its header map and the encoder's checks of what
     * {@code RequestChecks} checked.
     */
    ByteBuf encodeBytes(ByteBufAllocator alloc, Request request, Url target, Proxy proxy) {
        String method = request.method();
        HeaderList lines = new HeaderList();
        headers(request, target, proxy, lines);
        if (lines.framed) {
            return null;
        }
        byte[] uri = uri(target, proxy).getBytes(StandardCharsets.UTF_8);
        byte[] body = request.body();
        // the request line, each "name: value\r\n", the blank line, the body: in one array, as C1 compiles a
        // plain loop better than a ByteBuf's checked writes
        byte[] out = new byte[method.length() + 1 + uri.length + VERSION_CRLF.length + lines.bytes + 2 + body.length];
        int at = ascii(method, out, 0);
        out[at++] = ' ';
        System.arraycopy(uri, 0, out, at, uri.length);
        at += uri.length;
        System.arraycopy(VERSION_CRLF, 0, out, at, VERSION_CRLF.length);
        at += VERSION_CRLF.length;
        for (int i = 0; i < lines.size; i += 2) {
            at = ascii(lines.items[i], out, at);
            out[at++] = ':';
            out[at++] = ' ';
            at = ascii(lines.items[i + 1], out, at);
            out[at++] = '\r';
            out[at++] = '\n';
        }
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(body, 0, out, at, body.length);
        // a pooled allocator's direct buffer is cheap; an unpooled one costs a malloc and a Cleaner, so the bytes
        // stay on the heap and the socket copies them into a direct buffer of its own (kept per thread by the CLI)
        return alloc.isDirectBufferPooled() ? alloc.directBuffer(out.length).writeBytes(out) : Unpooled.wrappedBuffer(out);
    }

    /** An HTTP/2 request: the fields of its HEADERS frame, and its body for a DATA frame (null without one). */
    record Http2Request(Http2Headers headers, ByteBuf body) {
    }

    /**
     * The same request as {@link #encode}, as the fields and body Netty's HTTP/2 stream codec would make frames of, without the
     * request object, its header map and the codec's conversion (which parses the URI again): the pseudo-header
     * fields, then each header with its name in lower case, but Host (it is {@code :authority}) and the fields
     * HTTP/2 forbids (RFC 9113, 8.2.2: Connection, the fields it names, Keep-Alive, Proxy-Connection,
     * Transfer-Encoding, Upgrade; TE unless "trailers"). A Cookie is sent as one field per cookie, as the codec
     * does (RFC 9113, 8.2.3), for HPACK to index those that repeat. Streams are never proxied in the absolute form
     * (HTTP/2 goes through a tunnel), so no proxy is asked for.
     */
    Http2Request encodeHttp2(Request request, Url target) {
        HeaderList lines = new HeaderList();
        headers(request, target, null, lines);
        // the pseudo-header fields go first (RFC 9113, 8.3): servers reset a stream whose fields come in another order
        Http2Headers h = new DefaultHttp2Headers(false, lines.size / 2 + 4);
        h.method(HttpMethod.valueOf(request.method()).asciiName())
                .scheme(target.tls() ? HTTPS : HTTP)
                .path(target.pathAndQuery());
        CharSequence host = lines.value(HttpHeaderNames.HOST);
        if (host != null) {
            h.authority(withoutUserInfo(host));
        }
        String nominated = lines.connectionValues();
        for (int i = 0; i < lines.size; i += 2) {
            CharSequence name = lines.items[i];
            CharSequence value = lines.items[i + 1];
            AsciiString lower = lowerCase(name);
            if (HttpHeaderNames.HOST.contentEquals(lower)) {
                continue;
            } else if (HttpHeaderNames.TE.contentEquals(lower)) {
                if (trailers(value)) {
                    h.add(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
                }
            } else if (HttpHeaderNames.COOKIE.contentEquals(lower)) {
                cookieCrumbs(value, h);
            } else if (!connectionSpecific(lower) && (nominated == null || !nominates(nominated, lower))) {
                h.add(lower, value);
            }
        }
        byte[] body = request.body();
        return new Http2Request(h, body.length == 0 ? null : Unpooled.wrappedBuffer(body));
    }

    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final AsciiString HTTP = AsciiString.cached("http");

    private AsciiString lowerCase(CharSequence name) {
        for (int i = 0; i < defaultNames.length; i++) {
            if (defaultNames[i] == name) {
                return defaultLowerNames[i];
            }
        }
        return AsciiString.of(name).toLowerCase();
    }

    private static boolean connectionSpecific(AsciiString lower) {
        return HttpHeaderNames.CONNECTION.contentEquals(lower) || HttpHeaderNames.KEEP_ALIVE.contentEquals(lower)
                || HttpHeaderNames.PROXY_CONNECTION.contentEquals(lower) || HttpHeaderNames.TRANSFER_ENCODING.contentEquals(lower)
                || HttpHeaderNames.UPGRADE.contentEquals(lower);
    }

    /** Whether a Connection header's comma-separated names include {@code lower}. */
    private static boolean nominates(String connection, AsciiString lower) {
        for (String token : connection.split(",")) {
            if (lower.contentEqualsIgnoreCase(token.trim())) {
                return true;
            }
        }
        return false;
    }

    private static boolean trailers(CharSequence te) {
        for (String token : te.toString().split(",")) {
            if (HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(token.trim())) {
                return true;
            }
        }
        return false;
    }

    /** An authority without "user@" (HTTP/2 forbids it there, RFC 9113, 8.3.1). */
    private static CharSequence withoutUserInfo(CharSequence authority) {
        String a = authority.toString();
        int at = a.lastIndexOf('@');
        return at < 0 ? authority : a.substring(at + 1);
    }

    /** "a=1; b=2" as two fields; an empty crumb (a trailing "; ") is left out. */
    private static void cookieCrumbs(CharSequence value, Http2Headers out) {
        String v = value.toString();
        int start = 0;
        for (int semi; (semi = v.indexOf(';', start)) >= 0; start = semi + 1) {
            addCrumb(v.substring(start, semi), out);
        }
        addCrumb(v.substring(start), out);
    }

    private static void addCrumb(String crumb, Http2Headers out) {
        String c = crumb.strip();
        if (!c.isEmpty()) {
            out.add(HttpHeaderNames.COOKIE, c);
        }
    }

    /** As Netty's header encoder writes text: a byte per char, '?' for a char above 0xFF. */
    private static int ascii(CharSequence text, byte[] out, int at) {
        if (text instanceof AsciiString a) {
            System.arraycopy(a.array(), a.arrayOffset(), out, at, a.length());
            return at + a.length();
        }
        for (int i = 0; i < text.length(); i++) {
            out[at++] = AsciiString.c2b(text.charAt(i));
        }
        return at;
    }

    /** To an HTTP proxy without a tunnel, the absolute form: the proxy needs to know where the request goes. */
    private static String uri(Url target, Proxy proxy) {
        return absolute(target, proxy) ? "http://" + target.hostHeader() + target.pathAndQuery() : target.pathAndQuery();
    }

    private static boolean absolute(Url target, Proxy proxy) {
        return proxy != null && !ProxyConnector.tunnels(proxy, target);
    }

    /** Where {@link #headers} puts each header, in order. */
    private interface Lines {
        void add(CharSequence name, CharSequence value);
    }

    /**
     * A request's headers in the order they are sent: Proxy-Authorization (to an HTTP proxy without a tunnel),
     * Host, the defaults the request does not set, the request's own; then, replacing any the request or the
     * defaults had, one Cookie (the first given, then the jar's) and the body's real Content-Length.
     */
    private void headers(Request request, Url target, Proxy proxy, Lines out) {
        if (absolute(target, proxy) && proxy.userInfo() != null) {
            out.add(HttpHeaderNames.PROXY_AUTHORIZATION, Url.basicAuthorization(proxy.userInfo()));
        }
        Headers own = request.headers();
        if (!own.contains("host")) {
            out.add(HttpHeaderNames.HOST, target.hostHeader());
        }
        String jar = cookies == null ? null : cookies.header(target.host(), target.pathAndQuery(), target.tls());
        // the body's real length, replacing any Content-Length the request's own headers carried
        boolean length = request.body().length > 0 || expectsBody(request.method());
        String given = null;
        for (int i = 0; i < defaultNames.length + own.size(); i++) {
            boolean byDefault = i < defaultNames.length;
            CharSequence name = byDefault ? defaultNames[i] : own.name(i - defaultNames.length);
            if (byDefault && own.contains(defaultNames[i].toString())) {
                continue;
            }
            CharSequence value = byDefault ? defaultValues[i] : own.value(i - defaultNames.length);
            if (jar != null && HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name)) {
                given = given == null ? value.toString() : given;
            } else if (!length || !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                out.add(name, value);
            }
        }
        if (jar != null) {
            out.add(HttpHeaderNames.COOKIE, given == null ? jar : given + "; " + jar);
        }
        if (length) {
            out.add(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(request.body().length));
        }
    }

    /** Headers gathered for {@link #encodeBytes}: names and values, the bytes they take, whether one frames the body. */
    private static final class HeaderList implements Lines {
        CharSequence[] items = new CharSequence[16];
        int size;
        int bytes;
        boolean framed;

        @Override
        public void add(CharSequence name, CharSequence value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = name;
            items[size++] = value;
            bytes += name.length() + value.length() + 4;
            framed |= HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name);
        }

        /** The first value of the header {@code name} (any case), or null. */
        CharSequence value(AsciiString name) {
            for (int i = 0; i < size; i += 2) {
                if (name.contentEqualsIgnoreCase(items[i])) {
                    return items[i + 1];
                }
            }
            return null;
        }

        /** The values of every Connection header, joined by commas, or null without one. */
        String connectionValues() {
            String joined = null;
            for (int i = 0; i < size; i += 2) {
                if (HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(items[i])) {
                    joined = joined == null ? items[i + 1].toString() : joined + "," + items[i + 1];
                }
            }
            return joined;
        }
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
