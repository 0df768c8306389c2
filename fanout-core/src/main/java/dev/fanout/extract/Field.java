package dev.fanout.extract;

import java.util.regex.Pattern;

/**
 * A named expression whose value goes into each record's {@code fields}, parsed from {@code name=EXPR}.
 *
 * @param name       the field's name: a letter or underscore, then letters, digits, {@code _ - .}
 * @param expression what to take from each body
 */
public record Field(String name, Expression expression) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public Field {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a field name: use letters, digits, _ - . (starting with a letter)");
        }
    }

    /** Parses {@code name=EXPR}; the message of a failure names the whole argument. */
    public static Field parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + text + "': expected name=EXPRESSION, e.g. price='$.price'");
        }
        return new Field(text.substring(0, eq).strip(), Expression.parse(text.substring(eq + 1).strip()));
    }
}
