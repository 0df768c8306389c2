package dev.fanout.internal.net;

import dev.fanout.internal.PercentEncoding;
import io.netty.util.NetUtil;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * An absolute http(s) URL, parsed once: what a request needs to be sent (scheme, host, port, the request target,
 * the {@code Host} header and the origin that pools and per-host limits are keyed by), its user-info, the one
 * form two spellings of it compare equal in ({@link #normalized}), and references resolved against it
 * ({@link #resolve}). The only URL parser of the client: requests, links, redirects and robots.txt all go
 * through it, so the host the security checks compare is the host that is connected to. Immutable.
 *
 * <p>A small parser rather than {@link java.net.URI}, which was the largest cost of preparing a request. It is
 * strict where a mistake would send the request elsewhere (scheme, host, port) and lenient like browsers and
 * Python's requests in the path and query: spaces, quotes, braces and non-ASCII characters are percent-encoded
 * rather than refused. Control characters are refused.
 *
 * @param text         the URL as given (stripped), or as a reference resolved to
 * @param tls          https
 * @param userInfo     the user-info as written ({@code user:pass}), or null
 * @param host         the host to connect to: a lower-case name (international names in their punycode form),
 *                     or an IP literal without brackets (IPv6 in its shortest form, a zone after {@code %})
 * @param port         the port, the scheme's default when the URL names none
 * @param pathAndQuery the request target: path and query, "/" for an empty path, no fragment, characters HTTP
 *                     does not allow percent-encoded
 * @param hostHeader   the {@code Host} header: host (IPv6 in brackets), and the port unless it is the default
 * @param originKey    {@code scheme://hostHeader}
 */
public record Url(String text, boolean tls, String userInfo, String host, int port, String pathAndQuery,
                  String hostHeader, String originKey) {

    /** Parses an absolute http or https URL; anything else is an {@link InvalidUrlException}. */
    public static Url parse(String url) throws InvalidUrlException {
        String s = url.strip();
        if (s.isEmpty()) {
            throw new InvalidUrlException("empty URL");
        }
        int colon = s.indexOf(':');
        if (colon <= 0 || !isScheme(s, colon)) {
            throw new InvalidUrlException("no scheme: URLs must start with http:// or https://");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "http" -> false;
            case "https" -> true;
            default -> throw new InvalidUrlException("unsupported scheme '" + scheme + "': only http and https");
        };
        if (!s.startsWith("//", colon + 1)) {
            throw new InvalidUrlException("malformed URL: expected '//' after '" + scheme + ":'");
        }
        int authStart = colon + 3;
        int authEnd = authorityEnd(s, authStart);
        String authority = s.substring(authStart, authEnd);
        int at = authority.lastIndexOf('@');
        int defaultPort = tls ? 443 : 80;
        HostAndPort hp = hostAndPort(authority.substring(at + 1), defaultPort);
        String host = hp.host();
        int port = hp.port();
        int zone = host.indexOf('%');
        String hostForHeader = host.indexOf(':') < 0 ? host                // a name or IPv4 never holds ':'
                : "[" + (zone < 0 ? host : host.substring(0, zone)) + "]"; // a zone means nothing to the server
        String hostHeader = port == defaultPort ? hostForHeader : hostForHeader + ":" + port;
        int hash = s.indexOf('#', authEnd);
        String pathAndQuery = requestTarget(s, authEnd, hash < 0 ? s.length() : hash);
        return new Url(s, tls, at < 0 ? null : authority.substring(0, at), host, port, pathAndQuery, hostHeader,
                (tls ? "https://" : "http://") + hostHeader);
    }

    /** {@link #parse}, or null when {@code url} is not an http(s) URL that can be requested. */
    public static Url parseOrNull(String url) {
        try {
            return parse(url);
        } catch (InvalidUrlException e) {
            return null;
        }
    }

    /**
     * {@link #parseOrNull}, taking what {@code like} (null: none) read of its scheme and authority when {@code url}
     * starts with them as {@code like} writes them: see {@link #parse(String, Url)}.
     */
    public static Url parseOrNull(String url, Url like) {
        try {
            return parse(url, like);
        } catch (InvalidUrlException e) {
            return null;
        }
    }

    /**
     * {@link #parse}, taking what {@code like} (null: none) read of its scheme and authority when {@code url}
     * starts with them as {@code like} writes them: the same text gives the same parts, and a crawl's found URLs,
     * like a template's, mostly share their origin, so only their path and query are read.
     */
    public static Url parse(String url, Url like) throws InvalidUrlException {
        if (like == null || url.isEmpty() || Character.isWhitespace(url.charAt(url.length() - 1))) {
            return parse(url); // no guess, or one that strip() would change (a leading space fails the match below)
        }
        String t = like.text;
        int authEnd = authorityEnd(t, t.indexOf(':') + 3);
        if (!url.regionMatches(0, t, 0, authEnd) || authorityEnd(url, authEnd) != authEnd) {
            return parse(url);
        }
        int hash = url.indexOf('#', authEnd);
        return new Url(url, like.tls, like.userInfo, like.host, like.port,
                requestTarget(url, authEnd, hash < 0 ? url.length() : hash), like.hostHeader, like.originKey);
    }

    /**
     * {@code reference} (a link's {@code href}, a {@code Location}) made absolute against this URL by RFC 3986
     * §5 (dot segments removed), without its fragment; null when it is not an http(s) URL (mailto:, javascript:)
     * or cannot be read as one. Spaces are percent-encoded and tabs and line breaks dropped, as browsers do.
     */
    public Url resolve(String reference) {
        try {
            return References.resolve(this, reference);
        } catch (InvalidUrlException e) {
            return null;
        }
    }

    /** {@link #resolve}, but an http(s) reference that cannot be requested says why. */
    public Url resolveChecked(String reference) throws InvalidUrlException {
        return References.resolve(this, reference);
    }

    /** {@link #resolve} against {@code base} given as text; null when either is not an http(s) URL. */
    public static Url resolve(String base, String reference) {
        Url b = parseOrNull(base);
        return b == null ? null : b.resolve(reference);
    }

    /**
     * Whether a value a crawl follows reads as a link rather than a template value: an absolute http(s) URL, or a
     * reference starting with {@code /}, {@code ./}, {@code ../} or {@code ?}.
     */
    public static boolean looksLikeLink(String value) {
        String s = value.strip();
        return s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8)
                || s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.startsWith("?");
    }

    /** http or https. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /** The host as a URL writes it: an IPv6 literal in brackets. */
    public String hostInUrl() {
        int zone = host.indexOf('%');
        if (host.indexOf(':') < 0) {
            return host;
        }
        return zone < 0 ? "[" + host + "]" : "[" + host.substring(0, zone) + "%25" + host.substring(zone + 1) + "]";
    }

    /**
     * The form in which two spellings of one URL compare equal: scheme and host lower-cased (international names
     * as punycode, IPv6 in its shortest form), default port and fragment dropped, an empty path as "/", what HTTP
     * does not allow percent-encoded; the user-info is kept as written.
     */
    public String normalized() {
        StringBuilder sb = new StringBuilder(originKey.length() + pathAndQuery.length() + 16).append(scheme()).append("://");
        if (userInfo != null) {
            sb.append(userInfo).append('@');
        }
        sb.append(hostInUrl());
        if (port != (tls ? 443 : 80)) {
            sb.append(':').append(port);
        }
        return sb.append(pathAndQuery).toString();
    }

    /** The {@code Authorization: Basic …} value for this URL's user-info, or null when it has none. */
    public String basicAuthorization() {
        return userInfo == null ? null : basicAuthorization(userInfo);
    }

    /**
     * The user-info of {@code text} if it starts like an absolute URL ({@code scheme://user:pass@host…}), or null:
     * a scan that needs no valid URL, so that what cannot be parsed is redacted too. Cheap when there is no '@'.
     */
    public static String userInfoOf(String text) {
        if (text.indexOf('@') < 0) {
            return null;
        }
        int start = text.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = authorityEnd(text, start);
        int at = text.lastIndexOf('@', end - 1);
        return at < start ? null : text.substring(start, at);
    }

    /** The {@code Authorization: Basic …} value for a user-info, percent-decoded as RFC 3986 says (curl does the same). */
    public static String basicAuthorization(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString((user(userInfo) + ":" + password(userInfo))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The user name of a user-info, percent-decoded. */
    public static String user(String userInfo) {
        int colon = userInfo.indexOf(':');
        return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    }

    /** The password of a user-info, percent-decoded; "" when there is none. */
    public static String password(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** This URL written as {@code newText} (a resolved reference's composed form). */
    Url withText(String newText) {
        return new Url(newText, tls, userInfo, host, port, pathAndQuery, hostHeader, originKey);
    }

    /** A host in its one spelling (see {@link #host}) and a port. */
    public record HostAndPort(String host, int port) {
    }

    /**
     * The host and port of {@code hostPort} (an authority without user-info: {@code name}, {@code name:port},
     * {@code [v6]:port}), {@code defaultPort} when it names none: the one reading of a host for requests and
     * proxies alike.
     */
    public static HostAndPort hostAndPort(String hostPort, int defaultPort) throws InvalidUrlException {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            String host = close < 0 ? null : ipv6(hostPort.substring(1, close));
            if (host == null) {
                throw new InvalidUrlException("invalid IPv6 host '" + hostPort + "'");
            }
            return new HostAndPort(host, port(hostPort.substring(close + 1), defaultPort, hostPort));
        }
        int pc = hostPort.lastIndexOf(':');
        String host = ascii((pc >= 0 ? hostPort.substring(0, pc) : hostPort).toLowerCase(Locale.ROOT));
        checkHostName(host);
        return new HostAndPort(host, pc >= 0 ? port(hostPort.substring(pc), defaultPort, hostPort) : defaultPort);
    }

    /** Where the authority that starts at {@code from} ends: at the first '/', '?' or '#'. */
    static int authorityEnd(String s, int from) {
        int end = from;
        // compared here, not with "/?#".indexOf(c): a call per character under C1 (~1% of a run's CPU)
        while (end < s.length()) {
            char c = s.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            end++;
        }
        return end;
    }

    static boolean isScheme(String s, int end) {
        if (!isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * An IPv6 literal (between the brackets) in its one form: shortest, lower case, a zone (RFC 6874's
     * {@code %25eth0}) after a bare {@code %}; null when it is not one.
     */
    private static String ipv6(String literal) {
        String zone = null;
        String address = literal;
        int pct = literal.indexOf('%');
        if (pct >= 0) {
            zone = literal.startsWith("25", pct + 1) ? literal.substring(pct + 3) : literal.substring(pct + 1);
            address = literal.substring(0, pct);
            if (zone.isEmpty()) {
                return null;
            }
        }
        if (!NetUtil.isValidIpV6Address(address)) {
            return null;
        }
        String canonical = HostNames.canonical(address);
        return zone == null ? canonical : canonical + "%" + zone;
    }

    /** Whether {@code s} is all ASCII digits (a loop: a stream here cost ~200 bytes per parsed URL). */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code ":8080"} or {@code ""} (or {@code ":"}) → the port. */
    private static int port(String colonAndDigits, int defaultPort, String hostPort) throws InvalidUrlException {
        if (colonAndDigits.isEmpty() || colonAndDigits.equals(":")) {
            return defaultPort;
        }
        String digits = colonAndDigits.substring(1);
        if (colonAndDigits.charAt(0) != ':' || digits.length() > 5 || !allDigits(digits)) {
            throw new InvalidUrlException("invalid port in '" + hostPort + "'");
        }
        int port = Integer.parseInt(digits);
        if (port == 0 || port > 65535) {
            throw new InvalidUrlException("invalid port " + port);
        }
        return port;
    }

    /** An international name in its punycode form, as it is looked up and sent (curl and browsers do the same). */
    private static String ascii(String host) throws InvalidUrlException {
        try {
            return HostNames.toAscii(host);
        } catch (IllegalArgumentException e) {
            throw new InvalidUrlException("invalid international host name '" + host + "': " + e.getMessage());
        }
    }

    private static void checkHostName(String host) throws InvalidUrlException {
        if (host.isEmpty()) {
            throw new InvalidUrlException("no host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) {
                throw new InvalidUrlException("invalid host '" + host + "': " + describe(c) + " at index " + i);
            }
        }
        if (host.startsWith(".") || host.contains("..")) {
            throw new InvalidUrlException("invalid host '" + host + "'");
        }
    }

    /** The path and query to send: "/" when empty, characters HTTP does not allow percent-encoded. */
    private static String requestTarget(String s, int from, int to) throws InvalidUrlException {
        boolean needsEncoding = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidUrlException("malformed URL: " + describe(c) + " at index " + i);
            }
            if (c == '%' && !(i + 2 < to && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2)))) {
                throw new InvalidUrlException("malformed URL: '%' not followed by two hex digits at index " + i);
            }
            needsEncoding |= !allowedInTarget(c);
        }
        String raw = from == to || s.charAt(from) != '/' ? "/" + s.substring(from, to) : s.substring(from, to);
        if (!needsEncoding) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        PercentEncoding.append(raw, c -> allowedInTarget((char) c), out);
        return out.toString();
    }

    /** Characters sent as they are in a request target; '%' escapes were checked before. */
    private static boolean allowedInTarget(char c) {
        return c < 0x80 && SENT_AS_IS[c];
    }

    /**
     * ASCII a request target carries as it is: all but {@code  "<>\^`{|}}. A table, because every character of
     * every URL asks (a search in a string of them was a measurable part of building a request).
     */
    private static final boolean[] SENT_AS_IS = sentAsIs(" \"<>\\^`{|}");

    private static boolean[] sentAsIs(String encoded) {
        boolean[] table = new boolean[0x80];
        Arrays.fill(table, true);
        for (int i = 0; i < encoded.length(); i++) {
            table[encoded.charAt(i)] = false;
        }
        return table;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("control character \\x%02x", (int) c) : "character '" + c + "'";
    }
}
