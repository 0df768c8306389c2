package dev.fanout.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One formatting step after an expression's query, written {@code | name} or {@code | name(arg)}:
 * <ul>
 *   <li>{@code round(N)}: a number rounded half-up to N decimal places, on its decimal digits as written
 *       (so 189.985 becomes 189.99, never 189.98 from a binary float); numeric text is read as a number;</li>
 *   <li>{@code int}: a number with its fraction dropped; {@code number}: numeric text as a number;</li>
 *   <li>{@code trim}, {@code lower}, {@code upper}: on text;</li>
 *   <li>{@code first}, {@code last}, {@code count}, {@code join(SEP)}: on a list of values;</li>
 *   <li>{@code all}: every match of a CSS or regex query as a list (by default a field takes the first).</li>
 * </ul>
 * Value steps apply to each item of a list. A step that does not apply (rounding a word) is an extraction
 * error, never a silent null.
 */
record Step(String name, String arg) {
    private static final Pattern TRAILING = Pattern.compile(
            "\\|\\s*(round|int|number|trim|lower|upper|first|last|count|join|all)\\s*(?:\\(([^()]*)\\))?\\s*$");

    private static final Pattern LEADING = Pattern.compile(
            "\\s*\\|\\s*(round|int|number|trim|lower|upper|first|last|count|join|all)\\b\\s*(?:\\(([^()]*)\\))?\\s*");

    /**
     * Reads the steps of {@code text} from {@code from} (where a JSONPath query ended, its parser having
     * found the end outside of strings, so a {@code |} in a string literal is never taken for a step) to its
     * end, appending them to {@code out}; anything else there is an error naming the position.
     */
    static void parseFrom(String text, int from, List<Step> out) {
        Matcher m = LEADING.matcher(text);
        int pos = from;
        while (pos < text.length()) {
            if (!m.region(pos, text.length()).lookingAt()) {
                int at = pos;
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                String what = at == text.length() ? "whitespace may not end it"
                        : text.charAt(at) == '|' ? "expected a step after '|': round(N), int, number, trim, lower, upper, first, last, count, join(SEP) or all"
                        : "unexpected '" + text.charAt(at) + "'";
                throw new IllegalArgumentException(text + ": " + what + " at position " + (at + 1));
            }
            out.add(create(m.group(1), m.group(2), text));
            pos = m.end();
        }
    }

    /**
     * Splits trailing steps off {@code text} (a CSS or regex query, which have no string literals to tell
     * a {@code |} apart): returns the query text, steps in order appended to {@code out}.
     */
    static String splitOff(String text, List<Step> out) {
        List<Step> reversed = new ArrayList<>();
        String rest = text;
        Matcher m;
        while ((m = TRAILING.matcher(rest)).find()) {
            reversed.add(create(m.group(1), m.group(2), text));
            rest = rest.substring(0, m.start());
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.get(i));
        }
        return rest.strip();
    }

    private static Step create(String name, String arg, String text) {
        switch (name) {
            case "round" -> {
                try {
                    int places = Integer.parseInt(arg == null ? "" : arg.strip());
                    if (places < 0 || places > 20) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(text + ": round needs decimal places 0..20, e.g. round(2)");
                }
            }
            case "join" -> {
                if (arg == null) {
                    throw new IllegalArgumentException(text + ": join needs a separator, e.g. join(,)");
                }
            }
            default -> {
                if (arg != null) {
                    throw new IllegalArgumentException(text + ": " + name + " takes no argument");
                }
            }
        }
        return new Step(name, arg);
    }

    boolean isListStep() {
        return switch (name) {
            case "first", "last", "count", "join", "all" -> true;
            default -> false;
        };
    }

    Object apply(Object value) throws ExtractException {
        if (isListStep()) {
            return applyToList(value);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(applyToValue(item));
            }
            return out;
        }
        return applyToValue(value);
    }

    private Object applyToList(Object value) {
        List<?> list = value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
        return switch (name) {
            case "first" -> list.isEmpty() ? null : list.get(0);
            case "last" -> list.isEmpty() ? null : list.get(list.size() - 1);
            case "count" -> (long) list.size();
            case "join" -> {
                StringJoiner j = new StringJoiner(arg);
                for (Object o : list) {
                    j.add(Values.text(o));
                }
                yield j.toString();
            }
            default -> list;
        };
    }

    private Object applyToValue(Object v) throws ExtractException {
        if (v == null) {
            return null;
        }
        return switch (name) {
            case "round" -> number(v).setScale(Integer.parseInt(arg.strip()), RoundingMode.HALF_UP);
            case "int" -> {
                BigInteger i = number(v).toBigInteger();
                yield i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            case "number" -> number(v);
            case "trim" -> v instanceof String s ? s.strip() : v;
            case "lower" -> v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
            case "upper" -> v instanceof String s ? s.toUpperCase(Locale.ROOT) : v;
            default -> throw new IllegalStateException(name);
        };
    }

    private BigDecimal number(Object v) throws ExtractException {
        switch (v) {
            case BigDecimal d -> {
                return d;
            }
            case Long l -> {
                return BigDecimal.valueOf(l);
            }
            case BigInteger i -> {
                return new BigDecimal(i);
            }
            case String s -> {
                try {
                    return new BigDecimal(s.strip());
                } catch (NumberFormatException e) {
                    throw new ExtractException(name + " needs a number, got " + Values.quoted(s));
                }
            }
            default -> throw new ExtractException(name + " needs a number, got "
                    + (v instanceof Map<?, ?> ? "an object" : v instanceof Boolean ? v.toString() : "a " + v.getClass().getSimpleName()));
        }
    }

    @Override
    public String toString() {
        return arg == null ? name : name + "(" + arg + ")";
    }
}
