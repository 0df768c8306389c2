package dev.fanout.internal.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a request goes, parsed once from its URL: scheme, host, port, the request target (path and query)
 * and the origin key that pools and per-host limits are keyed by.
 *
 * @param host connectable host: a name or an IP literal without brackets
 */
public record Target(boolean tls, String host, int port, String pathAndQuery, String hostHeader, String originKey) {

    /** Parses an absolute http or https URL; anything else is an {@link InvalidUrlException}. */
    public static Target parse(String url) throws InvalidUrlException {
        String trimmed = url.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidUrlException("empty URL");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("malformed URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new InvalidUrlException("no scheme: URLs must start with http:// or https://");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        boolean tls;
        if (scheme.equals("http")) {
            tls = false;
        } else if (scheme.equals("https")) {
            tls = true;
        } else {
            throw new InvalidUrlException("unsupported scheme '" + scheme + "': only http and https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidUrlException(uri.getRawAuthority() == null ? "no host" : "invalid host '" + uri.getRawAuthority() + "'");
        }
        host = host.toLowerCase(Locale.ROOT);
        int defaultPort = tls ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        if (port == 0 || port > 65535) {
            throw new InvalidUrlException("invalid port " + port);
        }
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String connectHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        String pathAndQuery = query == null ? path : path + "?" + query;
        String origin = (tls ? "https://" : "http://") + hostHeader;
        return new Target(tls, connectHost, port, pathAndQuery, hostHeader, origin);
    }
}
