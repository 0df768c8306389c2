package dev.fanout.extract;

import dev.fanout.Outcome;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes a fixed list of fields from each outcome. Fields are taken from every response with a body, of any
 * status (an API's 404 may say why in JSON); a failure leaves every field null. A body an expression cannot
 * read is reported as the extraction's error only for a 2xx response: an error page that is not JSON is
 * what its status already says. Thread-safe.
 */
public final class Extractor {
    private final List<Field> fields;

    public Extractor(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The fields of {@code outcome}, reading its body at most once per language. */
    public Extraction extract(Outcome outcome) {
        return extract(outcome.hasResponse() ? Body.of(outcome) : null, outcome.isSuccessful());
    }

    /**
     * The fields of {@code body} (null when there was no response); {@code reportErrors} says whether a body
     * that cannot be read sets the error (true for a 2xx response) or only leaves fields null.
     */
    public Extraction extract(Body body, boolean reportErrors) {
        Map<String, Object> values = new LinkedHashMap<>(fields.size() * 2);
        Set<String> errors = null;
        for (Field f : fields) {
            Object v = null;
            if (body != null && (!body.isEmpty() || f.expression().readsHeaders())) {
                try {
                    v = f.expression().value(body);
                } catch (ExtractException e) {
                    if (reportErrors) {
                        errors = errors == null ? new LinkedHashSet<>() : errors;
                        // a body that does not parse fails every field that reads it: say so once
                        errors.add(e.getMessage().startsWith("body ") ? e.getMessage() : f.name() + ": " + e.getMessage());
                    }
                }
            }
            values.put(f.name(), v);
        }
        return new Extraction(Collections.unmodifiableMap(values), errors == null ? null : String.join("; ", errors));
    }
}
