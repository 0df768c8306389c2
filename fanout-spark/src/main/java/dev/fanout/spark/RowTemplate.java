package dev.fanout.spark;

import dev.fanout.Request;
import dev.fanout.source.RequestTemplate;
import dev.fanout.source.Secrets;
import dev.fanout.source.Template;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes each row's request: the options' templates with {@code {column}} placeholders filled from the row.
 * Checked on the driver (every placeholder names a column); compiled again in each task, since templates are
 * not serializable. Header values given as secrets ({@code @file}, {@code ${ENV}}) are read on the driver.
 */
final class RowTemplate implements Serializable {
    private final String url;
    private final String method;
    private final List<String[]> headers;
    private final String body;
    private final String[] columns;
    private transient RequestTemplate compiled;
    private transient Template methodTemplate;
    private transient int[] used;

    private RowTemplate(String url, String method, List<String[]> headers, String body, String[] columns) {
        this.url = url;
        this.method = method;
        this.headers = headers;
        this.body = body;
        this.columns = columns;
    }

    /** @throws IllegalArgumentException when a placeholder names no column, or a header is malformed */
    static RowTemplate of(FanoutSparkOptions o, StructType input) {
        List<String[]> headers = new ArrayList<>();
        for (String h : o.headers()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("-H '" + h + "': expected 'Name: value'");
            }
            String name = h.substring(0, colon).strip();
            String value = h.substring(colon + 1).strip();
            // a secret is resolved here, once, and sent to the executors as its value (never as a template)
            headers.add(Secrets.isReference(value)
                    ? new String[] {name, Secrets.resolve(name, value, System::getenv), "literal"}
                    : new String[] {name, value, "template"});
        }
        RowTemplate t = new RowTemplate(o.url(), o.method(), headers, o.body(), input.fieldNames());
        Set<String> known = new LinkedHashSet<>(List.of(input.fieldNames()));
        for (String p : t.compile().placeholders()) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("the template's {} has no column to take values from: name one, e.g. {url} or {id}");
            }
            if (!known.contains(p)) {
                throw new IllegalArgumentException("placeholder {" + p + "} names no input column (the input has: "
                        + String.join(", ", known) + ")");
            }
        }
        for (String p : t.methodTemplate.placeholders()) {
            if (!known.contains(p)) {
                throw new IllegalArgumentException("method placeholder {" + p + "} names no input column");
            }
        }
        return t;
    }

    private RequestTemplate compile() {
        if (compiled == null) {
            List<RequestTemplate.Header> hs = new ArrayList<>();
            for (String[] h : headers) {
                hs.add(new RequestTemplate.Header(h[0], h[2].equals("literal") ? Template.literal(h[1]) : Template.raw(h[1], false)));
            }
            compiled = new RequestTemplate(method, Template.url(url), hs, body == null ? null : Template.raw(body, false));
            methodTemplate = Template.raw(method, false);
            Set<String> names = new LinkedHashSet<>(compiled.placeholders());
            names.addAll(methodTemplate.placeholders());
            List<String> cols = List.of(columns);
            used = names.stream().mapToInt(cols::indexOf).filter(i -> i >= 0).toArray();
        }
        return compiled;
    }

    /** The URL template as given. */
    String url() {
        return url;
    }

    /** The row's request, or why there is none (an empty column a placeholder needs) as an {@link Invalid}. */
    Object request(Row row) {
        RequestTemplate t = compile();
        Map<String, String> values = new HashMap<>(used.length * 2);
        for (int i : used) {
            Object v = row.get(i);
            if (v == null) {
                return new Invalid("column '" + columns[i] + "' is empty");
            }
            values.put(columns[i], v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString());
        }
        Request r = t.build(values, Map.of());
        String m = methodTemplate.expand(values::get).strip().toUpperCase(Locale.ROOT);
        return m.equals(r.method()) ? r : new Request(m, r.url(), r.headers(), r.body(), r.params());
    }

    /** A row that yields no request, and why. */
    record Invalid(String message) {
    }
}
