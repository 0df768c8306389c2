package dev.fanout.internal.crawl;

import dev.fanout.internal.net.HostNames;

import java.net.URI;
import java.net.URISyntaxException;

import java.util.Locale;

/** Resolving links found in responses, and the one normal form URLs are compared in. */
public final class Links {
    private Links() {
    }

    /** Whether a followed value reads as a link rather than a template value: absolute http(s), or /, ./, ../, ?. */
    public static boolean looksLikeUrl(String v) {
        String s = v.strip();
        return startsWithIgnoreCase(s, "http://") || startsWithIgnoreCase(s, "https://")
                || s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.startsWith("?");
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * {@code link} made absolute against {@code base} (RFC 3986 §5), without its fragment; null when it is not
     * an http(s) URL (mailto:, javascript:, a bare fragment of nothing) or cannot be read as a URL.
     * Spaces are percent-encoded and tabs and line breaks dropped, as browsers do.
     */
    public static String resolve(String base, String link) {
        String ref = clean(link);
        if (ref.isEmpty()) {
            return null;
        }
        try {
            URI baseUri = new URI(clean(base));
            if (baseUri.getRawPath() == null || baseUri.getRawPath().isEmpty()) {
                baseUri = new URI(baseUri.getScheme(), baseUri.getRawAuthority(), "/", baseUri.getRawQuery(), null);
            }
            URI target = new URI(ref);
            URI resolved;
            if (target.getScheme() == null && target.getRawAuthority() == null && (target.getRawPath() == null || target.getRawPath().isEmpty())
                    && target.getRawQuery() != null) {
                // "?q": same path, new query (java.net.URI follows RFC 2396 here and would drop the last segment)
                resolved = new URI(baseUri.getScheme() + "://" + baseUri.getRawAuthority() + baseUri.getRawPath() + "?" + target.getRawQuery());
            } else {
                resolved = baseUri.resolve(target);
            }
            String scheme = resolved.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || resolved.getRawAuthority() == null) {
                return null;
            }
            if (resolved.getRawPath() == null || resolved.getRawPath().isEmpty()) {
                resolved = new URI(resolved.getScheme(), resolved.getRawAuthority(), "/", resolved.getRawQuery(), null);
            }
            return withoutFragment(resolved.normalize().toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        String t = s.strip();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == ' ') {
                sb.append("%20");
            } else if (c != '\t' && c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /**
     * The form in which two spellings of one URL compare equal: scheme and host lower-cased, default port
     * and fragment dropped, an empty path as "/". A URL without {@code scheme://} is kept as given (minus
     * its fragment). Scans the string once: this runs for every request a crawl finds.
     */
    public static String normalize(String url) {
        Parts p = Parts.of(url);
        if (p == null) {
            return withoutFragment(url);
        }
        StringBuilder sb = new StringBuilder(url.length() + 1).append(p.scheme).append("://");
        if (p.userInfo != null) {
            sb.append(p.userInfo).append('@');
        }
        sb.append(p.host);
        if (p.port != null && !p.defaultPort()) {
            sb.append(':').append(p.port);
        }
        String rest = withoutFragment(url.substring(p.end));
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            sb.append('/');
        }
        return sb.append(rest).toString();
    }

    /** The URL's host, lower-cased, or null when it has none. */
    public static String host(String url) {
        Parts p = Parts.of(url);
        return p == null || p.host.isEmpty() ? null : p.host;
    }

    /** scheme://host[:port] of an absolute URL (lower-cased, without user info), or null. */
    public static String origin(String url) {
        Parts p = Parts.of(url);
        if (p == null || p.host.isEmpty()) {
            return null;
        }
        return p.port == null ? p.scheme + "://" + p.host : p.scheme + "://" + p.host + ":" + p.port;
    }

    /** The pieces of {@code scheme://[userinfo@]host[:port]} and where the path starts. */
    private record Parts(String scheme, String userInfo, String host, String port, int end) {
        static Parts of(String url) {
            int colon = url.indexOf("://");
            if (colon <= 0) {
                return null;
            }
            int start = colon + 3;
            int end = start;
            while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
                end++;
            }
            String authority = url.substring(start, end);
            int at = authority.lastIndexOf('@');
            String userInfo = at < 0 ? null : authority.substring(0, at);
            String hostPort = at < 0 ? authority : authority.substring(at + 1);
            int portColon = hostPort.startsWith("[") ? hostPort.indexOf(':', Math.max(0, hostPort.indexOf(']'))) : hostPort.lastIndexOf(':');
            String host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            String port = portColon < 0 || portColon == hostPort.length() - 1 ? null : hostPort.substring(portColon + 1);
            // an international name is the same host as its punycode form (and is sent as that)
            return new Parts(url.substring(0, colon).toLowerCase(Locale.ROOT), userInfo,
                    HostNames.toAsciiOrSame(host.toLowerCase(Locale.ROOT)), port, end);
        }

        boolean defaultPort() {
            return (port.equals("80") && scheme.equals("http")) || (port.equals("443") && scheme.equals("https"));
        }
    }

    /** The path and query robots.txt rules are matched against ("/" for an empty path). */
    public static String pathAndQuery(String url) {
        Parts p = Parts.of(url);
        String rest = p == null ? "" : withoutFragment(url.substring(p.end));
        return rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest;
    }
}
