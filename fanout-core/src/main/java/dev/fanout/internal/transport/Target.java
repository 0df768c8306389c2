package dev.fanout.internal.transport;

import dev.fanout.internal.PercentEncoding;
import dev.fanout.internal.net.HostNames;
import io.netty.util.NetUtil;

import java.util.Locale;

/**
 * Where a request goes, parsed once from its URL: scheme, host, port, the request target (path and query)
 * and the origin key that pools and per-host limits are keyed by.
 *
 * <p>A small parser for absolute http(s) URLs rather than {@link java.net.URI}, which was the largest cost of
 * preparing a request. It is strict where a mistake would send the request elsewhere (scheme, host, port)
 * and lenient like browsers and Python's requests in the path and query: spaces, quotes, braces and
 * non-ASCII characters are percent-encoded rather than refused. Control characters are refused.
 *
 * @param host connectable host: a lower-case name or an IP literal without brackets
 */
public record Target(boolean tls, String host, int port, String pathAndQuery, String hostHeader, String originKey) {

    /** Parses an absolute http or https URL; anything else is an {@link InvalidUrlException}. */
    public static Target parse(String url) throws InvalidUrlException {
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
        int authEnd = authStart;
        while (authEnd < s.length() && "/?#".indexOf(s.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = s.substring(authStart, authEnd);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int defaultPort = tls ? 443 : 80;
        String host;
        int port;
        String hostForHeader;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || !NetUtil.isValidIpV6Address(hostPort.substring(1, close))) {
                throw new InvalidUrlException("invalid IPv6 host '" + hostPort + "'");
            }
            host = hostPort.substring(1, close).toLowerCase(Locale.ROOT);
            hostForHeader = "[" + host + "]";
            port = port(hostPort.substring(close + 1), defaultPort, hostPort);
        } else {
            int pc = hostPort.lastIndexOf(':');
            host = ascii((pc >= 0 ? hostPort.substring(0, pc) : hostPort).toLowerCase(Locale.ROOT));
            checkHostName(host);
            hostForHeader = host;
            port = pc >= 0 ? port(hostPort.substring(pc), defaultPort, hostPort) : defaultPort;
        }
        String hostHeader = port == defaultPort ? hostForHeader : hostForHeader + ":" + port;
        int hash = s.indexOf('#', authEnd);
        String pathAndQuery = requestTarget(s, authEnd, hash < 0 ? s.length() : hash);
        return new Target(tls, host, port, pathAndQuery, hostHeader, (tls ? "https://" : "http://") + hostHeader);
    }

    private static boolean isScheme(String s, int end) {
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

    /** {@code ":8080"} or {@code ""} (or {@code ":"}) → the port. */
    private static int port(String colonAndDigits, int defaultPort, String hostPort) throws InvalidUrlException {
        if (colonAndDigits.isEmpty() || colonAndDigits.equals(":")) {
            return defaultPort;
        }
        String digits = colonAndDigits.substring(1);
        if (colonAndDigits.charAt(0) != ':' || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
        return c < 0x80 && " \"<>\\^`{|}".indexOf(c) < 0;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("control character \\x%02x", (int) c) : "character '" + c + "'";
    }
}
