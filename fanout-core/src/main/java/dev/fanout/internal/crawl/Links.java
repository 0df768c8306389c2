package dev.fanout.internal.crawl;

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
     * and fragment dropped, an empty path as "/". A URL that does not parse is kept as given.
     */
    public static String normalize(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            if (scheme == null || u.getHost() == null) {
                return withoutFragment(url);
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
            StringBuilder sb = new StringBuilder(url.length());
            sb.append(scheme).append("://");
            if (u.getRawUserInfo() != null) {
                sb.append(u.getRawUserInfo()).append('@');
            }
            sb.append(u.getHost().toLowerCase(Locale.ROOT));
            if (!defaultPort) {
                sb.append(':').append(port);
            }
            String path = u.getRawPath();
            sb.append(path == null || path.isEmpty() ? "/" : path);
            if (u.getRawQuery() != null) {
                sb.append('?').append(u.getRawQuery());
            }
            return sb.toString();
        } catch (URISyntaxException e) {
            return withoutFragment(url);
        }
    }

    /** The URL's host, lower-cased, or null when it has none. */
    public static String host(String url) {
        try {
            String h = new URI(url).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** scheme://host[:port] of an absolute URL, or null. */
    public static String origin(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return null;
            }
            String authority = u.getRawAuthority();
            int at = authority.lastIndexOf('@');
            return u.getScheme().toLowerCase(Locale.ROOT) + "://" + (at < 0 ? authority : authority.substring(at + 1)).toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The path and query robots.txt rules are matched against ("/" for an empty path). */
    public static String pathAndQuery(String url) {
        try {
            URI u = new URI(url);
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
