package dev.fanout.extract;

import dev.fanout.Headers;
import dev.fanout.internal.net.Url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two expressions that read a response's headers rather than its body:
 * <ul>
 *   <li>{@code header:Name} — the field's value ({@code header:ETag}, {@code header:X-Total-Count}); several
 *       fields of the name are joined with {@code ", "} as RFC 9110 combines them, or listed with {@code | all};</li>
 *   <li>{@code link:REL} — the target of each RFC 8288 {@code Link} entry whose {@code rel} includes REL
 *       ({@code link:next}, {@code link:last}), made absolute against the response's URL: so that
 *       {@code --follow link:next} walks a Link-paginated API.</li>
 * </ul>
 * Immutable.
 */
final class HeaderQuery {
    private final String name;
    private final String rel;

    private HeaderQuery(String name, String rel) {
        this.name = name;
        this.rel = rel;
    }

    /** Parses what follows {@code header:} or {@code link:}; a bad name is an IllegalArgumentException. */
    static HeaderQuery parse(String query) {
        if (query.startsWith("header:")) {
            String n = query.substring("header:".length()).strip();
            if (!token(n)) {
                throw new IllegalArgumentException("header:" + n + ": expected a header name, e.g. header:ETag");
            }
            return new HeaderQuery(n, null);
        }
        String r = query.substring("link:".length()).strip().toLowerCase(Locale.ROOT);
        if (!token(r)) {
            throw new IllegalArgumentException("link:" + r + ": expected a link relation, e.g. link:next");
        }
        return new HeaderQuery("Link", r);
    }

    static boolean isHeaderQuery(String query) {
        return query.startsWith("header:") || query.startsWith("link:");
    }

    /** Every value: each header field of the name, or each link target of the relation. */
    List<Object> select(Body body) {
        Headers headers = body.headers();
        List<Object> out = new ArrayList<>();
        for (String v : headers.values(name)) {
            if (rel == null) {
                out.add(v);
            } else {
                links(v, body.url(), out);
            }
        }
        return out;
    }

    /** The value as a field: the header's (joined), or the first link target; null when absent. */
    Object value(Body body, boolean all) {
        List<Object> found = select(body);
        if (all) {
            return found;
        }
        if (found.isEmpty()) {
            return null;
        }
        if (rel != null || found.size() == 1) {
            return found.get(0);
        }
        StringBuilder sb = new StringBuilder();
        found.forEach(v -> sb.append(sb.isEmpty() ? "" : ", ").append(v));
        return sb.toString();
    }

    /** The targets in one Link field value whose rel includes ours (RFC 8288 §3: {@code <uri>; rel="a b"}). */
    private void links(String field, String base, List<Object> out) {
        int i = 0;
        while (i < field.length()) {
            int open = field.indexOf('<', i);
            if (open < 0) {
                return;
            }
            int close = field.indexOf('>', open);
            if (close < 0) {
                return;
            }
            String target = field.substring(open + 1, close).strip();
            // the parameters run to the next entry: a comma outside quotes
            int end = close + 1;
            boolean quoted = false;
            while (end < field.length() && (quoted || field.charAt(end) != ',')) {
                if (field.charAt(end) == '"') {
                    quoted = !quoted;
                }
                end++;
            }
            if (hasRel(field.substring(close + 1, end))) {
                Url absolute = base == null ? null : Url.resolve(base, target);
                out.add(absolute == null ? target : absolute.text());
            }
            i = end + 1;
        }
    }

    private boolean hasRel(String params) {
        for (String p : params.split(";")) {
            String t = p.strip();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).strip().equalsIgnoreCase("rel")) {
                String v = t.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                for (String r : v.toLowerCase(Locale.ROOT).split("\\s+")) {
                    if (r.equals(rel)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return rel == null ? "header:" + name : "link:" + rel;
    }
}
