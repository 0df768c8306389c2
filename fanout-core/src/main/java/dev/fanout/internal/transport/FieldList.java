package dev.fanout.internal.transport;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A response's header fields as {@link ResponseDecoder} read them: names and values in arrival order in one
 * array, looked up by a scan that compares lengths first. A head has a dozen fields and is asked about a handful
 * of names, so this is cheaper than a hash map that hashes every name it stores. Names compare ignoring case;
 * values are kept as given (the decoder checked them). Not thread-safe: one response's, on its event loop.
 */
final class FieldList extends HttpHeaders {
    /** name0, value0, name1, value1, … */
    private String[] items;
    private int size;

    FieldList(int expected) {
        items = new String[Math.max(2, expected * 2)];
    }

    /** The i-th field's name and value, for copying them out without an entry per field. */
    String name(int i) {
        return items[2 * i];
    }

    String value(int i) {
        return items[2 * i + 1];
    }

    void append(String name, String value) {
        if (2 * size == items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[2 * size] = name;
        items[2 * size + 1] = value;
        size++;
    }

    /** An obs-fold line: the last field's value goes on, joined with a space. */
    void continueLast(String more) {
        if (!more.isEmpty()) {
            items[2 * size - 1] = items[2 * size - 1] + " " + more;
        }
    }

    private int indexOf(String name, int from) {
        int length = name.length();
        for (int i = from; i < size; i++) {
            String n = items[2 * i];
            if (n.length() == length && n.equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : items[2 * i + 1];
    }

    @Override
    public Integer getInt(CharSequence name) {
        String v = get(name.toString());
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        Integer v = getInt(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public Short getShort(CharSequence name) {
        String v = get(name.toString());
        try {
            return v == null ? null : Short.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        Short v = getShort(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public Long getTimeMillis(CharSequence name) {
        String v = get(name.toString());
        Date d = v == null ? null : DateFormatter.parseHttpDate(v);
        return d == null ? null : d.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        Long v = getTimeMillis(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            all.add(items[2 * i + 1]);
        }
        return all;
    }

    /**
     * As Netty's maps answer it (a value of the field, split at commas and trimmed of what is at most a space, is
     * {@code value}), without a list of the field's values: every response asks it ({@code HttpUtil.isKeepAlive}).
     */
    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        String n = name.toString();
        for (int i = indexOf(n, 0); i >= 0; i = indexOf(n, i + 1)) {
            if (listed(items[2 * i + 1], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listed(String list, CharSequence value, boolean ignoreCase) {
        String v = value.toString();
        int comma = list.indexOf(',');
        if (comma < 0) {
            return trimmedIs(list, 0, list.length(), v, ignoreCase);
        }
        int start = 0;
        do {
            if (trimmedIs(list, start, comma, v, ignoreCase)) {
                return true;
            }
            start = comma + 1;
            comma = list.indexOf(',', start);
        } while (comma >= 0);
        // as Netty's: nothing after a last comma is a value
        return start < list.length() && trimmedIs(list, start, list.length(), v, ignoreCase);
    }

    private static boolean trimmedIs(String s, int from, int to, String v, boolean ignoreCase) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to - from == v.length() && s.regionMatches(ignoreCase, from, v, 0, v.length());
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new AbstractMap.SimpleImmutableEntry<>(items[2 * i], items[2 * i + 1]));
        }
        return all;
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new AbstractMap.SimpleImmutableEntry<>(items[2 * i], items[2 * i + 1]);
            }
        };
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return (Iterator) iterator();
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            if (indexOf(items[2 * i], 0) == i) {
                names.add(items[2 * i]); // each name once, as first spelled
            }
        }
        return names;
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        append(name, text(value));
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        for (Object v : values) {
            append(name, text(v));
        }
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        append(name.toString(), Integer.toString(value));
        return this;
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        append(name.toString(), Short.toString(value));
        return this;
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        remove(name);
        return add(name, value);
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        remove(name);
        return add(name, values);
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        remove(name.toString());
        return addInt(name, value);
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        remove(name.toString());
        return addShort(name, value);
    }

    @Override
    public HttpHeaders remove(String name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            String n = items[2 * i];
            if (n.length() != name.length() || !n.equalsIgnoreCase(name)) {
                items[2 * kept] = n;
                items[2 * kept + 1] = items[2 * i + 1];
                kept++;
            }
        }
        Arrays.fill(items, 2 * kept, 2 * size, null);
        size = kept;
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(items, 0, 2 * size, null);
        size = 0;
        return this;
    }

    /** As Netty's header maps turn a value into text: a date in HTTP's format, anything else by its string. */
    private static String text(Object value) {
        if (value instanceof Date d) {
            return DateFormatter.format(d);
        }
        return value.toString();
    }
}
