package dev.fanout.source;

import dev.fanout.internal.PercentEncoding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {name}} placeholders, or the anonymous {@code {}}. Braces that do not form a placeholder
 * (a JSON body's {@code {"a":1}}) stay literal text.
 *
 * <p>In a URL template, values are percent-encoded (UTF-8; only {@code A-Z a-z 0-9 - . _ ~} stay as they
 * are), so a value can never change the URL's structure; the exception is a placeholder at the very start
 * of the template, which is inserted as is so that {@code {}} can stand for a whole URL. Elsewhere (body,
 * header values) values are inserted as they are.
 */
public final class Template {
    /** The name of the anonymous placeholder {@code {}}. */
    public static final String ANONYMOUS = "";

    /** {@code {name}}, {@code { name }} (spaces inside are not part of the name) or {@code {}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(?:[ \\t]*([A-Za-z_][A-Za-z0-9_]*)[ \\t]*)?}");

    private final String text;
    private final String[] literals;
    private final String[] names;
    private final boolean[] encode;

    private Template(String text, String[] literals, String[] names, boolean[] encode) {
        this.text = text;
        this.literals = literals;
        this.names = names;
        this.encode = encode;
    }

    /** A URL template: values are percent-encoded except in a placeholder that opens the template. */
    public static Template url(String text) {
        return parse(text, true);
    }

    /**
     * A body or header template: values are inserted as they are. {@code {}} is a placeholder only when
     * {@code anonymous} is true (when the URL template uses it too), so a JSON body's {@code {}} stays text.
     */
    public static Template raw(String text, boolean anonymous) {
        return parse(text, false, anonymous);
    }

    /** Text with no placeholders at all, inserted as it is (a secret read from a file may hold braces). */
    public static Template literal(String text) {
        return new Template(text, new String[] {text}, new String[0], new boolean[0]);
    }

    private static Template parse(String text, boolean urlContext) {
        return parse(text, urlContext, true);
    }

    private static Template parse(String text, boolean urlContext, boolean anonymous) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Boolean> encode = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.group(1) == null && !anonymous) {
                continue;
            }
            literals.add(text.substring(last, m.start()));
            names.add(m.group(1) == null ? ANONYMOUS : m.group(1));
            encode.add(urlContext && m.start() > 0);
            last = m.end();
        }
        literals.add(text.substring(last));
        boolean[] enc = new boolean[encode.size()];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = encode.get(i);
        }
        return new Template(text, literals.toArray(String[]::new), names.toArray(String[]::new), enc);
    }

    /** Whether the text holds any placeholder. */
    public boolean hasPlaceholders() {
        return names.length > 0;
    }

    /** The placeholder names in order of first appearance ({@link #ANONYMOUS} for {@code {}}). */
    public Set<String> placeholders() {
        return new LinkedHashSet<>(List.of(names));
    }

    public String text() {
        return text;
    }

    /** The text with each placeholder replaced by {@code values.apply(name)}. */
    public String expand(Function<String, String> values) {
        if (names.length == 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16 * names.length);
        for (int i = 0; i < names.length; i++) {
            sb.append(literals[i]);
            String v = values.apply(names[i]);
            if (encode[i]) {
                percentEncode(v, sb);
            } else {
                sb.append(v);
            }
        }
        return sb.append(literals[names.length]).toString();
    }

    static void percentEncode(String value, StringBuilder out) {
        PercentEncoding.append(value, c -> isUnreserved((char) c), out);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    @Override
    public String toString() {
        return text;
    }
}
