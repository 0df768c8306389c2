package dev.fanout.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line into a row: each key a column; a string as it is, a number as written, true/false,
 * an array or object as compact JSON; null as no value. Anything else on a line is that row's problem.
 */
final class JsonlRows {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonlRows() {
    }

    /** The row of one line; {@code problem} set (and values empty) when the line is not a JSON object. */
    static Row parse(long line, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return new Row(line, Map.of(), "line " + line + ": a JSON object was expected, got " + describe(t));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                String value = value(p, v);
                if (value != null) {
                    values.put(key, value);
                } else {
                    values.remove(key);
                }
            }
            if (p.nextToken() != null) {
                return new Row(line, Map.of(), "line " + line + ": text after the JSON object");
            }
            return new Row(line, values, null);
        } catch (JsonProcessingException e) {
            return new Row(line, Map.of(), "line " + line + ": invalid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            return new Row(line, Map.of(), "line " + line + ": invalid JSON (" + e.getMessage() + ")");
        }
    }

    private static String value(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> null;
            default -> {
                StringWriter w = new StringWriter();
                try (JsonGenerator g = JSON.createGenerator(w)) {
                    g.copyCurrentStructure(p);
                }
                yield w.toString();
            }
        };
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString();
        };
    }
}
