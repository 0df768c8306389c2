package dev.fanout.source;

import dev.fanout.Headers;
import dev.fanout.internal.PercentEncoding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets kept out of the command line (and so out of shell history and {@code ps}): {@code ${NAME}} is the
 * environment variable NAME, and {@code @FILE} the content of a file (its trailing line break dropped;
 * {@code @@x} is the literal {@code @x}). They work
 * <ul>
 *   <li>in a header value: a value starting with {@code @}, or holding {@code ${NAME}} anywhere;</li>
 *   <li>in the URL: {@code ${NAME}} anywhere in the path or query, and {@code @FILE} as a whole query
 *       parameter value ({@code ?key=@key.txt}) — a path segment starting with {@code @} stays text, as in
 *       {@code /@user}; values are percent-encoded where they go;</li>
 *   <li>in a {@code -d} body given on the command line: {@code ${NAME}} anywhere, inserted as it is.</li>
 * </ul>
 * A value read this way is used as it is, with no placeholders, and the run masks it wherever it writes a URL
 * or message ({@link dev.fanout.Redaction}); errors name the option, never the secret.
 */
public final class Secrets {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BRACED = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)?}");

    private Secrets() {
    }

    /** Whether {@code value} names a file or an environment variable rather than being a template. */
    public static boolean isReference(String value) {
        return value.startsWith("@") || ENV.matcher(value).find();
    }

    /** Whether a URL or body holds any reference this class resolves. */
    public static boolean hasReferences(String text) {
        return text != null && (ENV.matcher(text).find() || text.contains("=@"));
    }

    /**
     * The value with its file or environment references resolved; an {@link IllegalArgumentException}
     * naming the header (never the secret) when a file cannot be read, a variable is not set, or the result
     * holds a control character.
     */
    public static String resolve(String header, String value, UnaryOperator<String> environment) {
        return resolve(header, value, environment, InputNames.LIBRARY);
    }

    /** {@link #resolve(String, String, UnaryOperator)} with messages naming the header as {@code names} do. */
    public static String resolve(String header, String value, UnaryOperator<String> environment, InputNames names) {
        String what = names.header(header);
        String resolved;
        if (value.startsWith("@@")) {
            resolved = value.substring(1);
        } else if (value.startsWith("@")) {
            resolved = readFile(what, value.substring(1));
        } else {
            resolved = expandEnvironment(what, value, environment, null, names);
        }
        if (Headers.hasControlCharacter(resolved)) {
            throw new IllegalArgumentException(what + ": the value holds a control character (a line break?)");
        }
        return resolved;
    }

    /**
     * A URL template with its references resolved: {@code ${NAME}} (as is when it opens the URL, else
     * percent-encoded) and {@code name=@FILE} query values (percent-encoded). {@code secrets} receives each
     * value read, for masking.
     */
    public static String resolveUrl(String url, UnaryOperator<String> environment, List<String> secrets) {
        return resolveUrl(url, environment, secrets, InputNames.LIBRARY);
    }

    /** {@link #resolveUrl(String, UnaryOperator, List)} with messages naming the inputs as {@code names} do. */
    public static String resolveUrl(String url, UnaryOperator<String> environment, List<String> secrets, InputNames names) {
        if (!hasReferences(url)) {
            return url;
        }
        String out = expandEnvironment("the URL", url, environment, secrets, names);
        int q = out.indexOf('?');
        if (q < 0 || !out.contains("=@")) {
            return out;
        }
        int hash = out.indexOf('#', q);
        int end = hash < 0 ? out.length() : hash;
        StringBuilder sb = new StringBuilder(out.length()).append(out, 0, q + 1);
        String[] pairs = out.substring(q + 1, end).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (i > 0) {
                sb.append('&');
            }
            if (eq > 0 && pair.startsWith("@@", eq + 1)) {
                sb.append(pair, 0, eq + 1).append(pair.substring(eq + 2));
            } else if (eq > 0 && pair.startsWith("@", eq + 1)) {
                String what = "the URL's " + pair.substring(0, eq) + "=@…";
                String value = readFile(what, pair.substring(eq + 2));
                secrets.add(value);
                sb.append(pair, 0, eq + 1);
                PercentEncoding.append(value, Secrets::unreserved, sb);
            } else {
                sb.append(pair);
            }
        }
        return sb.append(out, end, out.length()).toString();
    }

    /** A request body with its {@code ${NAME}} references resolved (inserted as they are). */
    public static String resolveBody(String body, UnaryOperator<String> environment, List<String> secrets) {
        return resolveBody(body, environment, secrets, InputNames.LIBRARY);
    }

    /** {@link #resolveBody(String, UnaryOperator, List)} with messages naming the body as {@code names} do. */
    public static String resolveBody(String body, UnaryOperator<String> environment, List<String> secrets, InputNames names) {
        if (body == null || !ENV.matcher(body).find()) {
            return body;
        }
        return expandEnvironment(names.body(), body, environment, secrets, false, names);
    }

    private static String expandEnvironment(String what, String text, UnaryOperator<String> environment, List<String> secrets,
                                            InputNames names) {
        return expandEnvironment(what, text, environment, secrets, secrets != null, names);
    }

    private static String expandEnvironment(String what, String text, UnaryOperator<String> environment, List<String> secrets,
                                            boolean encode, InputNames names) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = environment.apply(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException(what + ": environment variable " + m.group(1) + " is not set");
            }
            if (secrets != null) {
                if (BRACED.matcher(v).find()) {
                    throw new IllegalArgumentException(what + ": the value of ${" + m.group(1) + "} holds a {placeholder}; give it with " + names.header() + " or a file instead");
                }
                secrets.add(v);
            }
            String inserted = v;
            if (encode && m.start() > 0) {
                StringBuilder enc = new StringBuilder();
                PercentEncoding.append(v, Secrets::unreserved, enc);
                inserted = enc.toString();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(inserted));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String readFile(String what, String name) {
        Path file = Path.of(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + file + " (" + dev.fanout.internal.IoReasons.of(e) + ")");
        }
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The secret values a URL template and body refer to, resolved (for masking); empty when none. */
    public static List<String> valuesIn(List<String> urls, String body, UnaryOperator<String> environment) {
        List<String> secrets = new ArrayList<>();
        for (String u : urls) {
            resolveUrl(u, environment, secrets);
        }
        resolveBody(body, environment, secrets);
        return secrets;
    }
}
