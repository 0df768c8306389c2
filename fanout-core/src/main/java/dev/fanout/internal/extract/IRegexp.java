package dev.fanout.internal.extract;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * I-Regexp (RFC 9485), the regular expressions of JSONPath's {@code match} and {@code search}, translated to
 * {@link java.util.regex.Pattern}. What Java would read differently is rewritten: {@code .} matches any
 * character but LF and CR (Java's also leaves out U+0085, U+2028 and U+2029); literal characters are written
 * as {@code \x{...}} so that none is special to Java ({@code &&} in a class is an intersection there);
 * {@code $} is the end of the string only (Java's also matches before a final line break). {@code ^} and
 * {@code $} are anchors, as the compliance suite expects of implementations, although RFC 9485 lists them
 * as ordinary characters. Constructs I-Regexp does not have ({@code \d}, back-references, lazy quantifiers,
 * look-around) make the expression invalid.
 */
final class IRegexp {
    private static final Set<String> CATEGORIES = Set.of(
            "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
            "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
            "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co");

    private final String s;
    private final StringBuilder out = new StringBuilder();
    private int pos;

    private IRegexp(String s) {
        this.s = s;
    }

    /** The compiled pattern, or null when {@code regex} is not an I-Regexp. */
    static Pattern compile(String regex) {
        try {
            return Pattern.compile(translate(regex));
        } catch (IllegalArgumentException e) { // our own syntax errors and PatternSyntaxException alike
            return null;
        }
    }

    /** The Java regular expression for {@code regex}; an {@link IllegalArgumentException} when it is not an I-Regexp. */
    static String translate(String regex) {
        IRegexp t = new IRegexp(regex);
        t.branches();
        if (t.pos < regex.length()) {
            throw t.invalid();
        }
        return t.out.toString();
    }

    private IllegalArgumentException invalid() {
        return new PatternSyntaxException("not an I-Regexp", s, pos);
    }

    private void branches() {
        branch();
        while (peek() == '|') {
            pos++;
            out.append('|');
            branch();
        }
    }

    private void branch() {
        while (pos < s.length() && peek() != '|' && peek() != ')') {
            atom();
            quantifier();
        }
    }

    private void atom() {
        int c = s.codePointAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                out.append("(?:");
                branches();
                if (peek() != ')') {
                    throw invalid();
                }
                pos++;
                out.append(')');
            }
            case '.' -> {
                pos++;
                out.append("[^\\n\\r]");
            }
            case '^' -> {
                pos++;
                out.append('^');
            }
            case '$' -> {
                pos++;
                out.append("\\z");
            }
            case '\\' -> escape();
            case '[' -> charClass();
            case '*', '+', '?', '{', '}', ']', ')', '|' -> throw invalid();
            default -> {
                pos += Character.charCount(c);
                literal(c);
            }
        }
    }

    private void quantifier() {
        int c = peek();
        if (c == '*' || c == '+' || c == '?') {
            pos++;
            out.append((char) c);
        } else if (c == '{') {
            pos++;
            long min = digits();
            long max = min;
            if (peek() == ',') {
                pos++;
                max = peek() == '}' ? -1 : digits();
            }
            if (peek() != '}' || (max >= 0 && max < min)) {
                throw invalid();
            }
            pos++;
            out.append('{').append(min);
            if (max != min) {
                out.append(',').append(max < 0 ? "" : Long.toString(max));
            }
            out.append('}');
        }
    }

    private long digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9' && pos - start < 9) {
            pos++;
        }
        if (start == pos) {
            throw invalid();
        }
        return Long.parseLong(s.substring(start, pos));
    }

    /** After a backslash: a single-character escape or {@code \p{..}} / {@code \P{..}}. */
    private void escape() {
        pos++;
        if (pos >= s.length()) {
            throw invalid();
        }
        char c = s.charAt(pos++);
        switch (c) {
            case 'n' -> out.append("\\n");
            case 'r' -> out.append("\\r");
            case 't' -> out.append("\\t");
            case '(', ')', '*', '+', '-', '.', '?', '[', '\\', ']', '^', '{', '|', '}' -> literal(c);
            case 'p', 'P' -> {
                int close = s.indexOf('}', pos);
                if (peek() != '{' || close < 0 || !CATEGORIES.contains(s.substring(pos + 1, close))) {
                    throw invalid();
                }
                out.append('\\').append(c).append(s, pos, close + 1);
                pos = close + 1;
            }
            default -> throw invalid();
        }
    }

    /** {@code [...]} or {@code [^...]}: single characters, ranges and category escapes; a '-' only first or last. */
    private void charClass() {
        pos++;
        out.append('[');
        if (peek() == '^') {
            pos++;
            out.append('^');
        }
        boolean first = true;
        while (true) {
            int c = peek();
            if (c == -1) {
                throw invalid();
            }
            if (c == ']' && !first) {
                pos++;
                break;
            }
            if (c == '-') {
                pos++;
                if (!first && peek() != ']') {
                    throw invalid();
                }
                literal('-');
            } else if (c == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == 'p' || s.charAt(pos + 1) == 'P')) {
                escape();
            } else {
                int lo = classChar();
                if (peek() == '-' && pos + 1 < s.length() && s.charAt(pos + 1) != ']') {
                    pos++;
                    out.append('-');
                    int hi = classChar();
                    if (hi < lo) {
                        throw invalid();
                    }
                }
            }
            first = false;
        }
        out.append(']');
    }

    /** One character of a class, written to the output; its code point. */
    private int classChar() {
        int c = s.codePointAt(pos);
        if (c == '[' || c == ']') {
            throw invalid();
        }
        if (c == '\\') {
            if (pos + 1 < s.length() && (s.charAt(pos + 1) == 'p' || s.charAt(pos + 1) == 'P')) {
                throw invalid(); // a category cannot bound a range
            }
            int start = out.length();
            escape();
            String written = out.substring(start);
            return switch (written) {
                case "\\n" -> '\n';
                case "\\r" -> '\r';
                case "\\t" -> '\t';
                default -> s.codePointAt(pos - 1);
            };
        }
        pos += Character.charCount(c);
        literal(c);
        return c;
    }

    private void literal(int c) {
        if (c < 0x80 && Character.isLetterOrDigit(c)) {
            out.append((char) c);
        } else {
            out.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }

    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }
}
