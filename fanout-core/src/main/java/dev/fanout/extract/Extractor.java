package dev.fanout.extract;

import dev.fanout.Outcome;

import java.util.ArrayList;
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
 * what its status already says.
 *
 * <p>With {@link #each} items, an outcome gives one {@link Extraction} per item its expression selects
 * ({@link #items}), fields starting with {@code @} read from the item. Immutable and thread-safe.
 */
public final class Extractor {
    private final List<Field> fields;
    private final Expression each;

    public Extractor(List<Field> fields) {
        this(fields, null);
    }

    /** {@code each}: the expression selecting a response's items (see {@link #items}), or null for none. */
    public Extractor(List<Field> fields, Expression each) {
        this.fields = List.copyOf(fields);
        this.each = each;
    }

    /** The same fields, taken from each item {@code items} selects; null for none. */
    public Extractor each(Expression items) {
        return new Extractor(fields, items);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The expression selecting items, or null. */
    public Expression each() {
        return each;
    }

    public boolean isEmpty() {
        return fields.isEmpty() && each == null;
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
        return extract(body, reportErrors, false, null);
    }

    /** {@link #items(Body, boolean)} of the outcome's body. */
    public List<Extraction> items(Outcome outcome) {
        return items(outcome.hasResponse() ? Body.of(outcome) : null, outcome.isSuccessful());
    }

    /**
     * One extraction per item of a 2xx response's body, in order, each with its {@link Extraction#item} index
     * and its fields read with the item as {@code @} ({@code $} and the other languages read the whole body).
     * The items are the nodes of {@link #each} — or, when that selects one array (a singular path such as
     * {@code $.results}), the array's elements. Every response still gives at least one extraction: with no
     * response ({@code body} null), a non-2xx status, a body the expression cannot read or no items, the one
     * extraction has no item, its {@code @} fields are null and its error says why, unless the status or
     * failure already does. Without {@code each}, the one extraction of {@link #extract(Body, boolean)}.
     */
    public List<Extraction> items(Body body, boolean successful) {
        if (each == null) {
            return List.of(extract(body, successful));
        }
        if (body == null || !successful) {
            return List.of(extract(body, false, true, null));
        }
        List<Object> found;
        try {
            found = each.nodes(body);
        } catch (ExtractException e) {
            String m = e.getMessage();
            return List.of(extract(body, true, true, m.startsWith("body ") ? m : "each " + each + ": " + m));
        }
        if (found.size() == 1 && found.get(0) instanceof List<?> list && each.singular()) {
            @SuppressWarnings("unchecked")
            List<Object> elements = (List<Object>) list;
            found = elements;
        }
        if (found.isEmpty()) {
            return List.of(extract(body, true, true, "no items at " + each));
        }
        List<Extraction> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Extraction e = extract(body.at(found.get(i)), true, false, null);
            out.add(new Extraction(e.fields(), e.error(), i));
        }
        return out;
    }

    /** {@code noItem}: the {@code @} fields stay null (there is no item); {@code why}: an error to put first. */
    private Extraction extract(Body body, boolean reportErrors, boolean noItem, String why) {
        Map<String, Object> values = new LinkedHashMap<>(fields.size() * 2);
        Set<String> errors = null;
        if (why != null) {
            errors = new LinkedHashSet<>();
            errors.add(why);
        }
        for (Field f : fields) {
            Object v = null;
            if (body != null && (!body.isEmpty() || f.expression().readsHeaders()) && !(noItem && f.expression().relative())) {
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
