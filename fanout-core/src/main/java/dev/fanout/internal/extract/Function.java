package dev.fanout.internal.extract;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function extensions of RFC 9535 §2.4, with their declared types, which the parser checks (§2.4.3):
 * {@code length(value)}, {@code count(nodes)} and {@code value(nodes)} give a value; {@code match(value,
 * value)} and {@code search(value, value)} give a logical result (their regular expressions are I-Regexps,
 * RFC 9485, see {@link IRegexp}).
 */
enum Function {
    LENGTH("length", Type.VALUE, Type.VALUE),
    COUNT("count", Type.VALUE, Type.NODES),
    MATCH("match", Type.LOGICAL, Type.VALUE, Type.VALUE),
    SEARCH("search", Type.LOGICAL, Type.VALUE, Type.VALUE),
    VALUE("value", Type.VALUE, Type.NODES);

    /** The types of §2.4.1: a JSON value or Nothing, true or false, a node list. */
    enum Type { VALUE, LOGICAL, NODES }

    final String text;
    final Type result;
    final Type[] params;

    Function(String text, Type result, Type... params) {
        this.text = text;
        this.result = result;
        this.params = params;
    }

    /** The function called {@code name}, or null. */
    static Function named(String name) {
        for (Function f : values()) {
            if (f.text.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static String names() {
        return "length, count, match, search, value";
    }

    /** The result for arguments already evaluated to their parameters' types (a value, a List, a Boolean). */
    Object apply(Object[] args) {
        return switch (this) {
            case LENGTH -> length(args[0]);
            case COUNT -> (long) ((List<?>) args[0]).size();
            case VALUE -> ((List<?>) args[0]).size() == 1 ? ((List<?>) args[0]).get(0) : Query.NOTHING;
            case MATCH, SEARCH -> args[1] instanceof String regex && args[0] instanceof String s
                    && matches(IRegexp.compile(regex), s, this == MATCH);
        };
    }

    /**
     * {@code match} (the whole string) or {@code search} (any part); false for an invalid I-Regexp (null),
     * and false when Java's backtracking matcher runs out of stack on a long string (an alternation repeated
     * over tens of thousands of characters): one response's data must not end the run.
     */
    static boolean matches(Pattern p, String s, boolean whole) {
        if (p == null) {
            return false;
        }
        try {
            return whole ? p.matcher(s).matches() : p.matcher(s).find();
        } catch (StackOverflowError tooDeep) {
            return false;
        }
    }

    private static Object length(Object v) {
        return switch (v) {
            case String s -> (long) s.codePointCount(0, s.length());
            case List<?> l -> (long) l.size();
            case Map<?, ?> m -> (long) m.size();
            case null, default -> Query.NOTHING;
        };
    }
}
