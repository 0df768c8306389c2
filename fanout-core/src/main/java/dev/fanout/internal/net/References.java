package dev.fanout.internal.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolving a reference against a base {@link Url} (RFC 3986 §5.2, with §5.2.4's removal of dot segments), with
 * the leniencies of browsers that links in real pages need: surrounding spaces stripped, tabs and line breaks
 * dropped, inner spaces percent-encoded. The result is parsed by {@link Url#parse}, so a resolved link is held to
 * the same rules as an input.
 */
final class References {
    private References() {
    }

    /** The resolved URL; null when it is not an http(s) URL; the parser's reason when it is one that cannot be requested. */
    static Url resolve(Url base, String reference) throws InvalidUrlException {
        String ref = clean(reference);
        int hash = ref.indexOf('#');
        if (hash >= 0) {
            ref = ref.substring(0, hash);
        }
        if (ref.isEmpty() && hash < 0) {
            return null; // nothing at all; a bare "#fragment" is the base itself
        }
        String scheme = base.scheme();
        String authority = rawAuthority(base.text());
        String path;
        String query;
        int colon = schemeEnd(ref);
        String rest = ref;
        if (colon > 0) {
            scheme = ref.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null; // mailto:, javascript:, ftp:, …
            }
            rest = ref.substring(colon + 1);
            if (!rest.startsWith("//")) {
                throw new InvalidUrlException("malformed URL: expected '//' after '" + scheme + ":'");
            }
        }
        int q = rest.indexOf('?');
        String pathPart = q < 0 ? rest : rest.substring(0, q);
        String refQuery = q < 0 ? null : rest.substring(q + 1);
        if (pathPart.startsWith("//")) {
            int end = Url.authorityEnd(pathPart, 2);
            authority = pathPart.substring(2, end);
            path = removeDotSegments(pathPart.substring(end));
            query = refQuery;
        } else {
            String basePath = basePath(base);
            if (pathPart.isEmpty()) {
                path = basePath;
                query = refQuery != null ? refQuery : baseQuery(base); // "#f" and "" keep the base's query
            } else {
                path = removeDotSegments(pathPart.startsWith("/") ? pathPart : merge(basePath, pathPart));
                query = refQuery;
            }
        }
        StringBuilder text = new StringBuilder(scheme.length() + authority.length() + path.length() + 16)
                .append(scheme).append("://").append(authority);
        text.append(path.isEmpty() ? "/" : path);
        if (query != null) {
            text.append('?').append(query);
        }
        Url resolved = Url.parse(text.toString());
        // written as it is sent: what HTTP does not allow in the path and query percent-encoded
        return resolved.withText(scheme + "://" + authority + resolved.pathAndQuery());
    }

    private static String baseQuery(Url base) {
        String target = base.pathAndQuery();
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    private static String basePath(Url base) {
        String target = base.pathAndQuery();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The authority as the base URL writes it (user-info and the host's spelling kept). */
    private static String rawAuthority(String text) {
        int start = text.indexOf("://") + 3;
        return text.substring(start, Url.authorityEnd(text, start));
    }

    /** Where a reference's scheme ends (the ':'), or -1 when it has none (RFC 3986 §3.1, before any '/', '?'). */
    private static int schemeEnd(String ref) {
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == ':') {
                return i > 0 && Url.isScheme(ref, i) ? i : -1;
            }
            if (c == '/' || c == '?') {
                return -1;
            }
        }
        return -1;
    }

    /** RFC 3986 §5.2.3: the reference's path after the base path's last segment. */
    private static String merge(String basePath, String refPath) {
        int slash = basePath.lastIndexOf('/');
        return (slash < 0 ? "/" : basePath.substring(0, slash + 1)) + refPath;
    }

    /** RFC 3986 §5.2.4: "." and ".." segments removed, ".." never above the root. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        List<String> out = new ArrayList<>();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && out.size() > 1) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add(""); // "a/b/.." is the directory "a/"
                }
            } else {
                out.add(s);
            }
        }
        if (path.startsWith("/") && (out.isEmpty() || !out.get(0).isEmpty())) {
            out.add(0, "");
        }
        return String.join("/", out);
    }

    private static String clean(String s) {
        String t = s.strip();
        StringBuilder sb = new StringBuilder(t.length());
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
}
