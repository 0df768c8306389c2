package dev.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An immutable, ordered list of HTTP header fields. Names compare case-insensitively; a name may occur
 * more than once.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    /** name0, value0, name1, value1 … */
    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values: {@code Headers.of("Accept", "application/json")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/value pairs, got an odd count");
        }
        return namesAndValues.length == 0 ? EMPTY : new Headers(namesAndValues.clone());
    }

    public int size() {
        return namesAndValues.length / 2;
    }

    public boolean isEmpty() {
        return namesAndValues.length == 0;
    }

    public String name(int i) {
        return namesAndValues[2 * i];
    }

    public String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /** The last value of the named header, or {@code null}. */
    public String get(String name) {
        for (int i = namesAndValues.length - 2; i >= 0; i -= 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of the named header, in order. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                out.add(namesAndValues[i + 1]);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Whether {@code value} may not be sent as a header value: it holds a control character other than tab
     * (CR/LF would let it inject headers).
     */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** These headers with {@code other}'s added after them; a name set in {@code other} replaces ours. */
    public Headers overriddenBy(Headers other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<String> out = new ArrayList<>(namesAndValues.length + other.namesAndValues.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!other.contains(namesAndValues[i])) {
                out.add(namesAndValues[i]);
                out.add(namesAndValues[i + 1]);
            }
        }
        out.addAll(Arrays.asList(other.namesAndValues));
        return new Headers(strings(out));
    }

    /** These headers without the fields of the given names (compared ignoring case). */
    public Headers without(String... names) {
        List<String> out = new ArrayList<>(namesAndValues.length);
        outer:
        for (int i = 0; i < namesAndValues.length; i += 2) {
            for (String n : names) {
                if (n.equalsIgnoreCase(namesAndValues[i])) {
                    continue outer;
                }
            }
            out.add(namesAndValues[i]);
            out.add(namesAndValues[i + 1]);
        }
        return out.size() == namesAndValues.length ? this : new Headers(strings(out));
    }

    /** These headers plus one more field. */
    public Headers with(String name, String value) {
        String[] copy = Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        copy[copy.length - 2] = name;
        copy[copy.length - 1] = value;
        return new Headers(copy);
    }

    /** A builder for headers collected one by one, e.g. while decoding a response. */
    public static Builder builder(int expected) {
        return new Builder(expected);
    }

    /** Collects fields; not thread-safe. */
    public static final class Builder {
        private final ArrayList<String> list;

        private Builder(int expected) {
            list = new ArrayList<>(expected * 2);
        }

        public Builder add(String name, String value) {
            list.add(name);
            list.add(value);
            return this;
        }

        public Headers build() {
            return list.isEmpty() ? EMPTY : new Headers(strings(list));
        }
    }

    /**
     * The list as an array made at its size: {@code toArray(String[]::new)} would make it by reflection, which the
     * client's compiler does not optimise away, on every response whose headers are kept.
     */
    private static String[] strings(List<String> list) {
        return list.toArray(new String[list.size()]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && Arrays.equals(namesAndValues, h.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(namesAndValues[i].toLowerCase(Locale.ROOT)).append(": ").append(namesAndValues[i + 1]);
        }
        return sb.append('}').toString();
    }
}
