package dev.fanout.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain Java values with jackson-core's streaming parser: {@link Map} (member
 * order kept), {@link List}, {@link String}, {@link Long} or {@link BigInteger}, {@link java.math.BigDecimal}
 * (exactly as written, so rounding a price works on its decimal digits), {@link Boolean} and {@code null}.
 * Cheaper to load and run than a data-binding mapper, which the tool does not otherwise need.
 *
 * <p>A crawl reads every body, most of them small and plain, so a document is first read by a short strict
 * reader here: UTF-8, standard JSON, values Jackson would give the same. Whatever it is not sure of (an
 * error, a long number, a deep or huge document, a byte order mark, another encoding) it leaves to Jackson's
 * parser from the start, so the values and the error messages are always Jackson's. An instance is the
 * short reader's position in one document.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Below every limit of Jackson's StreamReadConstraints, so that nothing the short reader takes Jackson would refuse. */
    private static final int MAX_DEPTH = 200;
    private static final int MAX_NAME_BYTES = 10_000;
    private static final int MAX_STRING_BYTES = 1_000_000;
    private static final int MAX_FLOAT_CHARS = 100;
    /** Thrown by the short reader for a document it leaves to Jackson; made once, as it carries nothing. */
    private static final IOException DECLINED = new IOException("left to Jackson");

    private final byte[] in;
    private final int end;
    private int at;
    private int depth;
    /** Reused for strings with escapes. */
    private StringBuilder chars;

    private JsonTree(byte[] in, int length) {
        this.in = in;
        this.end = length;
    }

    /** The document's value; an {@link IOException} whose message says what is wrong when it is not JSON. */
    public static Object parse(byte[] body, int length) throws IOException {
        try {
            return shortRead(body, length);
        } catch (IOException declined) {
            return parseWithJackson(body, length);
        }
    }

    /** The short reader alone: the document's value, or an IOException when it leaves the document to Jackson. */
    static Object shortRead(byte[] body, int length) throws IOException {
        return new JsonTree(body, length).document();
    }

    /** Jackson's parser alone. */
    static Object parseWithJackson(byte[] body, int length) throws IOException {
        try (JsonParser p = FACTORY.createParser(body, 0, length)) {
            if (p.nextToken() == null) {
                throw new IOException("empty document");
            }
            Object value = read(p);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at " + location(p));
            }
            return value;
        }
    }

    // ---- the short reader: each method reads one value at `at`, or throws DECLINED ----

    private Object document() throws IOException {
        skipSpace();
        if (at == end) {
            throw DECLINED;
        }
        Object value = value();
        skipSpace();
        if (at != end) {
            throw DECLINED;
        }
        return value;
    }

    private void skipSpace() {
        while (at < end) {
            byte b = in[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    private Object value() throws IOException {
        if (at == end) {
            throw DECLINED;
        }
        byte b = in[at];
        switch (b) {
            case '{' -> {
                return object();
            }
            case '[' -> {
                return array();
            }
            case '"' -> {
                return string(MAX_STRING_BYTES);
            }
            case 't' -> {
                return literal("true", Boolean.TRUE);
            }
            case 'f' -> {
                return literal("false", Boolean.FALSE);
            }
            case 'n' -> {
                return literal("null", null);
            }
            default -> {
                return number();
            }
        }
    }

    private Object object() throws IOException {
        enter();
        Map<String, Object> map = new LinkedHashMap<>();
        if (closes('}')) {
            return map;
        }
        do {
            if (at == end || in[at] != '"') {
                throw DECLINED;
            }
            String name = string(MAX_NAME_BYTES);
            skipSpace();
            expect(':');
            skipSpace();
            map.put(name, value());
        } while (next('}'));
        return map;
    }

    private Object array() throws IOException {
        enter();
        List<Object> list = new ArrayList<>();
        if (closes(']')) {
            return list;
        }
        do {
            list.add(value());
        } while (next(']'));
        return list;
    }

    /** After an opening bracket: whether {@code close} follows at once (then consumed, the level left). */
    private boolean closes(char close) {
        skipSpace();
        if (at < end && in[at] == close) {
            at++;
            depth--;
            return true;
        }
        return false;
    }

    /** After a member: true past a comma (another member follows), false past {@code close} (the level left). */
    private boolean next(char close) throws IOException {
        skipSpace();
        if (at < end && in[at] == ',') {
            at++;
            skipSpace();
            return true;
        }
        expect(close);
        depth--;
        return false;
    }

    private void enter() throws IOException {
        if (++depth > MAX_DEPTH) {
            throw DECLINED;
        }
        at++;
    }

    private void expect(char c) throws IOException {
        if (at == end || in[at] != c) {
            throw DECLINED;
        }
        at++;
    }

    private Object literal(String word, Object value) throws IOException {
        int n = word.length();
        if (end - at < n) {
            throw DECLINED;
        }
        for (int i = 0; i < n; i++) {
            if (in[at + i] != word.charAt(i)) {
                throw DECLINED;
            }
        }
        at += n;
        return value;
    }

    /** A string at the opening quote: plain ASCII is copied as it is, anything else checked as strictly as Java's decoder. */
    private String string(int maxBytes) throws IOException {
        int start = ++at;
        boolean ascii = true;
        while (true) {
            if (at == end || at - start > maxBytes) {
                throw DECLINED;
            }
            int b = in[at] & 0xFF;
            if (b == '"') {
                String s = new String(in, start, at - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                at++;
                return s;
            }
            if (b == '\\') {
                return escaped(start, maxBytes);
            }
            if (b < 0x20) {
                throw DECLINED;
            }
            if (b < 0x80) {
                at++;
            } else {
                ascii = false;
                at = utf8(at, b);
            }
        }
    }

    /** The rest of a string that has an escape, {@code start} its first byte; a string with one is rare, so simply done. */
    private String escaped(int start, int maxBytes) throws IOException {
        StringBuilder sb = chars == null ? chars = new StringBuilder() : chars;
        sb.setLength(0);
        sb.append(new String(in, start, at - start, StandardCharsets.UTF_8)); // checked above
        while (true) {
            if (at == end || at - start > maxBytes) {
                throw DECLINED;
            }
            int b = in[at] & 0xFF;
            if (b == '"') {
                at++;
                return sb.toString();
            }
            if (b == '\\') {
                if (end - at < 2) {
                    throw DECLINED;
                }
                int e = in[at + 1];
                at += 2;
                switch (e) {
                    case '"', '\\', '/' -> sb.append((char) e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> throw DECLINED;
                }
            } else if (b < 0x20) {
                throw DECLINED;
            } else if (b < 0x80) {
                sb.append((char) b);
                at++;
            } else {
                int from = at;
                at = utf8(at, b);
                sb.append(new String(in, from, at - from, StandardCharsets.UTF_8));
            }
        }
    }

    private char hex4() throws IOException {
        if (end - at < 4) {
            throw DECLINED;
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[at++], 16);
            if (d < 0) {
                throw DECLINED;
            }
            v = v << 4 | d;
        }
        return (char) v; // a lone surrogate too, as Jackson gives it
    }

    /**
     * The index after the well-formed UTF-8 sequence led by {@code lead} at {@code i} (Unicode's table 3-7: no
     * overlong form, no surrogate, nothing past U+10FFFF), which Java's decoder and Jackson's read alike.
     */
    private int utf8(int i, int lead) throws IOException {
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 2;
            lo = lead == 0xE0 ? 0xA0 : 0x80;
            hi = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 3;
            lo = lead == 0xF0 ? 0x90 : 0x80;
            hi = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw DECLINED;
        }
        if (end - i <= n) {
            throw DECLINED;
        }
        for (int k = 1; k <= n; k++) {
            int c = in[i + k] & 0xFF;
            if (c < lo || c > hi) {
                throw DECLINED;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        return i + n + 1;
    }

    /** A number as JSON writes one: an integer of up to 18 digits as a Long, a fraction or exponent as a BigDecimal. */
    private Object number() throws IOException {
        int start = at;
        boolean negative = at < end && in[at] == '-';
        if (negative) {
            at++;
        }
        int digitsFrom = at;
        long v = 0;
        while (at < end && in[at] >= '0' && in[at] <= '9') {
            v = v * 10 + (in[at++] - '0');
        }
        int digits = at - digitsFrom;
        if (digits == 0 || digits > 18 || (digits > 1 && in[digitsFrom] == '0')) {
            throw DECLINED; // not a number, a leading zero, or a long one (Jackson says Long or BigInteger)
        }
        if (at == end || (in[at] != '.' && in[at] != 'e' && in[at] != 'E')) {
            return negative ? -v : v;
        }
        if (in[at] == '.') {
            at++;
            digits();
        }
        if (at < end && (in[at] == 'e' || in[at] == 'E')) {
            at++;
            if (at < end && (in[at] == '+' || in[at] == '-')) {
                at++;
            }
            if (digits() > 3) {
                throw DECLINED; // an exponent past the range of BigDecimal's scale is an error of Jackson's own
            }
        }
        if (at - start > MAX_FLOAT_CHARS) {
            throw DECLINED;
        }
        return new java.math.BigDecimal(new String(in, start, at - start, StandardCharsets.ISO_8859_1));
    }

    /** Skips one or more digits; returns how many. */
    private int digits() throws IOException {
        int from = at;
        while (at < end && in[at] >= '0' && in[at] <= '9') {
            at++;
        }
        if (at == from) {
            throw DECLINED;
        }
        return at - from;
    }

    // ---- Jackson ----

    private static String location(JsonParser p) {
        var at = p.currentTokenLocation();
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t + " at " + location(p));
        }
    }
}
