package dev.fanout.internal.extract;

import java.math.BigDecimal;

/**
 * The lexical level of RFC 9535 for {@link JsonPathParser}: where it is in the text, blanks, integers,
 * number and string literals (escapes and surrogate pairs checked), and errors that say what was expected
 * and at which position (counted from 1).
 */
class JsonPathScanner {
    /** The largest index the RFC allows, 2^53 - 1: the integers every JSON implementation holds exactly. */
    private static final long MAX_INT = (1L << 53) - 1;
    static final String PRIMARY = "expected @, $, a string, a number, true, false, null or a function";

    final String s;
    int pos;

    JsonPathScanner(String s) {
        this.s = s;
    }

    int position() {
        return pos;
    }

    void rewind(int to) {
        pos = to;
    }

    IllegalArgumentException error(String what) {
        return error(what, pos);
    }

    IllegalArgumentException error(String what, int at) {
        return new IllegalArgumentException("JSONPath " + s + ": " + what + " at position " + (at + 1));
    }

    boolean integerAhead() {
        return pos < s.length() && (isDigit(s.charAt(pos))
                || (s.charAt(pos) == '-' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))));
    }

    /** An index or slice bound: no '+', no leading zeros, no "-0", within ±(2^53 - 1). */
    long integer() {
        int start = pos;
        boolean negative = eat('-');
        if (eat('0')) {
            if (negative || (pos < s.length() && isDigit(s.charAt(pos)))) {
                throw error(negative ? "-0 is not an index" : "an index has no leading zeros", start);
            }
            return 0;
        }
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
        int digits = pos - start - (negative ? 1 : 0);
        long value = digits <= 16 ? Long.parseLong(s.substring(start, pos)) : Long.MAX_VALUE;
        if (value > MAX_INT || value < -MAX_INT) {
            throw error("index out of range: at most " + MAX_INT + " either way", start);
        }
        return value;
    }

    /** A number literal as JSON writes it (§2.3.5.1): a Long when it is an integer that fits, else a BigDecimal. */
    Object number() {
        int start = pos;
        eat('-');
        if (!(pos < s.length() && isDigit(s.charAt(pos)))) {
            throw error(PRIMARY, start);
        }
        if (eat('0')) {
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw error("a number has no leading zeros", start);
            }
        } else {
            digits();
        }
        boolean integral = true;
        if (eat('.')) {
            expectDigit("a digit after '.'");
            digits();
            integral = false;
        }
        if (eat('e') || eat('E')) {
            if (!eat('+')) {
                eat('-');
            }
            expectDigit("a digit in the exponent");
            digits();
            integral = false;
        }
        String text = s.substring(start, pos);
        try {
            if (integral && pos - start < 19) {
                return Long.parseLong(text);
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw error("number out of range", start);
        }
    }

    private void expectDigit(String what) {
        if (!(pos < s.length() && isDigit(s.charAt(pos)))) {
            throw error("expected " + what);
        }
    }

    private void digits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    // ---- strings (§2.3.1.1) ----

    String string() {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unclosed string");
            }
            char c = s.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(String.format("a control character (U+%04X) in a string must be escaped", (int) c));
            }
            if (c == '\\') {
                pos++;
                escape(quote, sb);
            } else if (Character.isSurrogate(c)) {
                if (!(Character.isHighSurrogate(c) && pos + 1 < s.length() && Character.isLowSurrogate(s.charAt(pos + 1)))) {
                    throw error("a lone surrogate in a string");
                }
                sb.append(c).append(s.charAt(pos + 1));
                pos += 2;
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void escape(char quote, StringBuilder sb) {
        if (pos >= s.length()) {
            throw error("unclosed string");
        }
        char e = s.charAt(pos++);
        switch (e) {
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case '/', '\\' -> sb.append(e);
            case 'u' -> {
                char c = hex4();
                if (Character.isHighSurrogate(c)) {
                    if (!s.startsWith("\\u", pos)) {
                        throw error("a high surrogate \\u" + Integer.toHexString(c) + " must be followed by a low one");
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error("a high surrogate must be followed by a low one");
                    }
                    sb.append(c).append(low);
                } else if (Character.isLowSurrogate(c)) {
                    throw error("a low surrogate \\u" + Integer.toHexString(c) + " without a high one before it");
                } else {
                    sb.append(c);
                }
            }
            default -> {
                if (e != quote) {
                    pos--;
                    throw error("'\\" + e + "' is not an escape: use \\b \\f \\n \\r \\t \\/ \\\\ \\" + quote + " or \\uXXXX");
                }
                sb.append(e);
            }
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw error("\\u needs four hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0 || s.charAt(pos + i) > 'f') {
                throw error("\\u needs four hex digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    // ---- characters ----

    boolean opAhead(String op) {
        int save = pos;
        skipSpace();
        boolean ahead = s.startsWith(op, pos);
        pos = save;
        return ahead;
    }

    boolean eatOp(String op) {
        int save = pos;
        skipSpace();
        if (s.startsWith(op, pos)) {
            pos += op.length();
            skipSpace();
            return true;
        }
        pos = save;
        return false;
    }

    /** RFC 9535's blank: space, tab, line feed, carriage return. */
    void skipSpace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
            pos++;
        }
    }

    boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    boolean eat(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }
}
