package dev.fanout.internal.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Comparison of the values {@link JsonTree} reads, as RFC 9535 §2.3.5.2.2 defines it: numbers by value
 * whatever their Java type (1 equals 1.0), strings by their Unicode scalar values, arrays and objects by
 * deep equality, and {@link Query#NOTHING} equal only to itself.
 */
final class JsonValues {
    private JsonValues() {
    }

    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a == Query.NOTHING || b == Query.NOTHING) {
            return false;
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object other = y.get(e.getKey());
                if ((other == null && !y.containsKey(e.getKey())) || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b); // strings, booleans
    }

    /** {@code a < b}: only between two numbers or two strings, false otherwise. */
    static boolean less(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b) < 0;
        }
        return a instanceof String s && b instanceof String t && compareScalars(s, t) < 0;
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigDecimal || v instanceof BigInteger;
    }

    private static int compareNumbers(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static BigDecimal decimal(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger i -> new BigDecimal(i);
            default -> throw new IllegalArgumentException("not a number");
        };
    }

    /**
     * Orders strings by code point, which differs from {@link String#compareTo}'s UTF-16 order only between a
     * character above U+FFFF (a surrogate pair, 0xD800..0xDFFF) and one in U+E000..U+FFFF.
     */
    static int compareScalars(String s, String t) {
        int n = Math.min(s.length(), t.length());
        for (int i = 0; i < n; i++) {
            char a = s.charAt(i);
            char b = t.charAt(i);
            if (a != b) {
                return scalarOrder(a) - scalarOrder(b);
            }
        }
        return s.length() - t.length();
    }

    private static int scalarOrder(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000; // surrogates sort after every other BMP character
    }
}
