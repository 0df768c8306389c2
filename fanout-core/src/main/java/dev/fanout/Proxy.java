package dev.fanout;

import dev.fanout.internal.net.InvalidUrlException;
import dev.fanout.internal.net.Url;

import java.util.Locale;
import java.util.Objects;

/**
 * One proxy server requests may go through, parsed from a URL as curl takes it:
 * {@code http://host:3128} (plain HTTP requests in absolute form for http targets, a CONNECT tunnel for https
 * targets), {@code https://host:443} (the same over TLS to the proxy itself), {@code socks5://host:1080} (names
 * resolved here, the proxy is given an address) and {@code socks5h://host:1080} (the proxy resolves names).
 * {@code user:pass@} in the URL (percent-encoded) gives Basic {@code Proxy-Authorization} or SOCKS5
 * user/password authentication; a URL without a scheme is an HTTP proxy, without a port the scheme's default
 * (HTTP 1080 as curl, HTTPS 443, SOCKS 1080).
 *
 * <p>An immutable value. {@link #toString()} and {@link #redacted()} never show the credentials.
 *
 * @param scheme   how to talk to the proxy
 * @param host     the proxy's host: a lower-case name or an IP literal without brackets
 * @param port     the proxy's port
 * @param userInfo {@code user:pass} as written in the URL (still percent-encoded), or null for none
 */
public record Proxy(Scheme scheme, String host, int port, String userInfo) {

    /** How a client talks to a proxy. */
    public enum Scheme {
        /** An HTTP proxy: absolute-form requests for http targets, CONNECT for https targets. */
        HTTP("http", 1080),
        /** An HTTP proxy reached over TLS (its certificate checked as a server's). */
        HTTPS("https", 443),
        /** SOCKS5; names are resolved by the client and the proxy is given the address. */
        SOCKS5("socks5", 1080),
        /** SOCKS5; names are sent to the proxy, which resolves them. */
        SOCKS5H("socks5h", 1080);

        private final String name;
        private final int defaultPort;

        Scheme(String name, int defaultPort) {
            this.name = name;
            this.defaultPort = defaultPort;
        }

        /** The URL scheme: {@code http}, {@code https}, {@code socks5}, {@code socks5h}. */
        public String urlScheme() {
            return name;
        }
    }

    public Proxy {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("invalid proxy port " + port);
        }
    }

    /**
     * Parses a proxy URL. Throws {@link IllegalArgumentException} with a one-line message (credentials
     * redacted) for anything else.
     */
    public static Proxy parse(String url) {
        String s = Objects.requireNonNull(url, "url").strip();
        String shown = Redaction.DEFAULT.url(s);
        int sep = s.indexOf("://");
        String schemeName = sep < 0 ? "http" : s.substring(0, sep).toLowerCase(Locale.ROOT);
        Scheme scheme = switch (schemeName) {
            case "http" -> Scheme.HTTP;
            case "https" -> Scheme.HTTPS;
            case "socks5" -> Scheme.SOCKS5;
            case "socks5h" -> Scheme.SOCKS5H;
            default -> throw new IllegalArgumentException("proxy '" + shown + "': unsupported scheme '" + schemeName
                    + "' (http, https, socks5 or socks5h)");
        };
        String rest = sep < 0 ? s : s.substring(sep + 3);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String path = rest.substring(end);
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("proxy '" + shown + "': a proxy URL has no path");
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        Url.HostAndPort where;
        try {
            where = Url.hostAndPort(authority.substring(at + 1), scheme.defaultPort);
        } catch (InvalidUrlException e) {
            throw new IllegalArgumentException("proxy '" + shown + "': " + e.getMessage());
        }
        return new Proxy(scheme, where.host(), where.port(), userInfo == null || userInfo.isEmpty() ? null : userInfo);
    }

    /** Whether the proxy, not the client, resolves target host names (every kind but {@code socks5}). */
    public boolean resolvesNames() {
        return scheme != Scheme.SOCKS5;
    }

    /** Whether http targets are sent to it as absolute-form requests rather than through a tunnel. */
    public boolean forwardsHttp() {
        return scheme == Scheme.HTTP || scheme == Scheme.HTTPS;
    }

    /** The decoded user name, or null. */
    public String user() {
        return userInfo == null ? null : Url.user(userInfo);
    }

    /** The decoded password ("" when the URL has a user only), or null. */
    public String password() {
        return userInfo == null ? null : Url.password(userInfo);
    }

    /** The proxy's URL with {@code ***} in place of its credentials: safe for records and messages. */
    public String redacted() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme.urlScheme() + "://" + (userInfo == null ? "" : "***@") + h + ":" + port;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
