package dev.fanout.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain Java values with jackson-core's streaming parser: {@link Map} (member
 * order kept), {@link List}, {@link String}, {@link Long} or {@link BigInteger}, {@link java.math.BigDecimal}
 * (exactly as written, so rounding a price works on its decimal digits), {@link Boolean} and {@code null}.
 * Cheaper to load and run than a data-binding mapper, which the tool does not otherwise need.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTree() {
    }

    /** The document's value; an {@link IOException} whose message says what is wrong when it is not JSON. */
    public static Object parse(byte[] body, int length) throws IOException {
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
