package dev.fanout;

import dev.fanout.internal.PercentEncoding;
import dev.fanout.internal.net.Url;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What fanout masks wherever it writes a URL (records' {@code url}, {@code parent}, {@code final_url},
 * messages, the job file, reports, saved file names): the URL's user-info ({@code https://***@host/}), the
 * values of query parameters that carry credentials ({@code ?key=***}), and any secret value the run read
 * from the environment or a file. An immutable value; {@link #DEFAULT} masks the documented names.
 *
 * <p>A query parameter is a credential when its name, compared case-insensitively, is one of
 * {@link #DEFAULT_NAMES} or given with {@link #withNames}, or ends in {@code _key}, {@code -key},
 * {@code apikey}, {@code token}, {@code secret}, {@code password} or {@code signature}. A value that is a
 * reference ({@code @file}, {@code ${ENV}}, as in a command before it is resolved) is kept: it names the
 * secret without holding it.
 *
 * @param names   further query parameter names to mask (lower case)
 * @param secrets literal values to mask wherever they appear (values of 4 characters or more)
 */
public record Redaction(Set<String> names, Set<String> secrets) {
    /** The query parameter names masked by default (compared case-insensitively). */
    public static final Set<String> DEFAULT_NAMES = Set.of("key", "api_key", "apikey", "api-key", "access_token",
            "accesstoken", "token", "auth", "auth_token", "secret", "client_secret", "password", "passwd", "pwd", "sig",
            "signature", "session", "sessionid", "session_id", "refresh_token", "id_token", "private_token", "jwt",
            "credential", "credentials", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature",
            "x-goog-credential", "code_verifier");
    private static final List<String> SUFFIXES = List.of("_key", "-key", "apikey", "token", "secret", "password", "signature");
    /** The shortest default name or suffix: a name shorter than that, decoded or not, is none of them. */
    private static final int SHORTEST = shortest();
    private static final String MASK = "***";

    /** Masks user-info and the default names. */
    public static final Redaction DEFAULT = new Redaction(Set.of(), Set.of());

    public Redaction {
        Set<String> n = new TreeSet<>();
        names.forEach(x -> n.add(x.strip().toLowerCase(Locale.ROOT)));
        names = Set.copyOf(n);
        Set<String> s = new TreeSet<>();
        secrets.stream().filter(x -> x != null && x.length() >= 4).forEach(s::add);
        secrets = Set.copyOf(s);
    }

    /** This redaction also masking query parameters named {@code more} ({@code --redact NAME}). */
    public Redaction withNames(Collection<String> more) {
        Set<String> n = new TreeSet<>(names);
        n.addAll(more);
        return new Redaction(n, secrets);
    }

    /** This redaction also masking these literal values wherever they appear (and their percent-encoded form). */
    public Redaction withSecrets(Collection<String> values) {
        Set<String> s = new TreeSet<>(secrets);
        s.addAll(values);
        return new Redaction(names, s);
    }

    /** Whether a query parameter of this name carries a credential. */
    public boolean sensitive(String name) {
        String n = decode(name).toLowerCase(Locale.ROOT);
        if (DEFAULT_NAMES.contains(n) || names.contains(n)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (n.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The URL with its user-info and credential query values replaced by {@code ***}; null stays null. */
    public String url(String url) {
        if (url == null) {
            return null;
        }
        String info = Url.userInfoOf(url);
        String out = maskSecrets(info == null ? url : url.replace(info + "@", MASK + "@"));
        int q = out.indexOf('?');
        if (q < 0) {
            return out;
        }
        int hash = out.indexOf('#', q);
        int end = hash < 0 ? out.length() : hash;
        // made at the first value masked: most URLs (one per record) have none and come back as they are
        StringBuilder sb = null;
        int start = q + 1;
        while (start <= end) {
            int amp = out.indexOf('&', start);
            int stop = amp < 0 || amp > end ? end : amp;
            int eq = out.indexOf('=', start); // the pair's own only when before stop
            if (eq > start && eq < stop - 1 && mayBeSensitive(eq - start) && sensitive(out.substring(start, eq))
                    && !reference(out, eq + 1)) {
                sb = sb != null ? sb : new StringBuilder(out.length()).append(out, 0, start);
                sb.append(out, start, eq + 1).append(MASK);
            } else if (sb != null) {
                sb.append(out, start, stop);
            }
            if (sb != null && stop < end) {
                sb.append('&');
            }
            start = stop + 1;
        }
        return sb == null ? out : sb.append(out, end, out.length()).toString();
    }

    /**
     * A template value as records carry it: a value that is itself a URL (a table's {@code url} column, a
     * {@code {}} line) is masked like one; any other value is data and kept as it is.
     */
    public String param(String value) {
        if (value == null || value.length() < 8) {
            return value;
        }
        return value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8) ? url(value) : value;
    }

    /**
     * {@code text} (a message that may quote {@code url}) with the URL's secrets — user-info, credential query
     * values as written and decoded — and the run's secret values replaced by {@code ***}.
     */
    public String text(String text, String url) {
        if (text == null) {
            return null;
        }
        String info = url == null ? null : Url.userInfoOf(url);
        // the user-info where it appears as in a URL (user:pass@): other text is kept, however short the user name
        String out = maskSecrets(info == null || info.isEmpty() ? text : text.replace(info + "@", MASK + "@"));
        if (url == null) {
            return out;
        }
        for (String value : queryCredentials(url)) {
            out = out.replace(value, MASK);
            String decoded = decode(value);
            if (decoded.length() >= 4) {
                out = out.replace(decoded, MASK);
            }
        }
        return out;
    }

    /**
     * Whether a query parameter name of {@code rawLength} characters may be a credential's: percent-decoding only
     * shortens a name, so one shorter than every default (most are: {@code ?i=}, {@code ?q=}, {@code ?id=}) is
     * not, unless names of the run's own were given. Spares most records' URLs a substring and a decode.
     */
    private boolean mayBeSensitive(int rawLength) {
        return rawLength >= SHORTEST || !names.isEmpty();
    }

    private static int shortest() {
        int min = Integer.MAX_VALUE;
        for (String name : DEFAULT_NAMES) {
            min = Math.min(min, name.length());
        }
        for (String suffix : SUFFIXES) {
            min = Math.min(min, suffix.length());
        }
        return min;
    }

    /** {@code @file} and {@code ${ENV}} (a command as written, before resolving) name a secret without holding it. */
    private static boolean reference(String text, int valueStart) {
        return text.startsWith("@", valueStart) || text.startsWith("${", valueStart);
    }

    private List<String> queryCredentials(String url) {
        List<String> values = new ArrayList<>(1);
        int q = url.indexOf('?');
        if (q < 0) {
            return values;
        }
        int hash = url.indexOf('#', q);
        for (String pair : url.substring(q + 1, hash < 0 ? url.length() : hash).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1 && sensitive(pair.substring(0, eq))) {
                values.add(pair.substring(eq + 1));
            }
        }
        return values;
    }

    private String maskSecrets(String s) {
        for (String secret : secrets) {
            if (s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
            String encoded = encoded(secret);
            if (!encoded.equals(secret) && s.contains(encoded)) {
                s = s.replace(encoded, MASK);
            }
        }
        return s;
    }

    private static String encoded(String s) {
        StringBuilder sb = new StringBuilder();
        PercentEncoding.append(s, c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~', sb);
        return sb.toString();
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
