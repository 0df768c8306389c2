package dev.fanout.internal.transport;

import dev.fanout.CookieJar;
import dev.fanout.Headers;
import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Turns a call's request into the HTTP/1.1 request Netty writes (HTTP/2 streams convert the same object). The
 * client's default headers are converted once, at construction. Immutable apart from the cookie jar it reads,
 * which has its own lock; called on event loops.
 */
final class RequestEncoder {
    private static final HttpHeadersFactory UNVALIDATED_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** The client's default headers, converted once (AsciiString encodes without a per-request conversion). */
    private final AsciiString[] defaultNames;
    private final AsciiString[] defaultValues;
    private final CookieJar cookies;

    RequestEncoder(Headers defaults, CookieJar cookies) {
        this.cookies = cookies;
        this.defaultNames = new AsciiString[defaults.size()];
        this.defaultValues = new AsciiString[defaults.size()];
        for (int i = 0; i < defaults.size(); i++) {
            defaultNames[i] = AsciiString.cached(defaults.name(i));
            defaultValues[i] = new AsciiString(defaults.value(i));
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
        // to an HTTP proxy without a tunnel, the absolute form: the proxy needs to know where the request goes
        boolean absolute = proxy != null && !ProxyConnector.tunnels(proxy, target);
        String uri = absolute ? "http://" + target.hostHeader() + target.pathAndQuery() : target.pathAndQuery();
        // a request has no trailers: the shared empty map saves a header map per request
        DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), uri, content, UNVALIDATED_HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        HttpHeaders h = out.headers();
        if (absolute && proxy.userInfo() != null) {
            h.add(HttpHeaderNames.PROXY_AUTHORIZATION, Url.basicAuthorization(proxy.userInfo()));
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
        if (cookies != null) {
            String jar = cookies.header(target.host(), target.pathAndQuery(), target.tls());
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
}
