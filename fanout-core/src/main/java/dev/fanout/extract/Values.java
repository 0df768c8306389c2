package dev.fanout.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** How extracted values are written: as JSON in JSONL records, as one line of text in CSV cells and follows. */
public final class Values {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Values() {
    }

    /**
     * A value as one line of text: strings as they are, numbers in plain notation (no exponent), lists and
     * objects as compact JSON, null as the empty string.
     */
    public static String text(Object v) {
        // tests in a chain rather than a type switch: a crawl calls this for every id it follows, and a type
        // switch is a call site bootstrapped (a class generated) at its first use and called through a handle
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long l) {
            return l.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            return json(v);
        }
        return v.toString();
    }

    /** Writes an extracted value (see {@link dev.fanout.internal.extract.JsonTree} for the types) as JSON. */
    public static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case BigDecimal d -> g.writeNumber(d);
            case Long l -> g.writeNumber(l);
            case BigInteger i -> g.writeNumber(i);
            case Boolean b -> g.writeBoolean(b);
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }

    static String quoted(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }

    private static String json(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
