package dev.fanout.sink;

import dev.fanout.Redaction;

import java.util.List;

/**
 * Which parts a run's records have beyond the fixed ones.
 *
 * @param paramNames  template parameters, one {@code params} entry (CSV column) each
 * @param fieldNames  extracted fields, one {@code fields} entry (CSV column) each
 * @param extraction  whether records carry {@code extract_error} (any -e or --follow expression)
 * @param crawl       whether records carry {@code depth} and {@code parent}
 * @param body        whether records carry the response body
 * @param saved       whether records carry {@code saved}, the file a body was saved to ({@code --save-dir})
 * @param proxy       whether records carry {@code proxy}, the proxy a request went through (redacted; empty when direct)
 * @param items       whether records carry {@code item}, the index of the item within its response
 *                    ({@code --each}); a response then has a record per item, all with its {@code index}
 * @param redaction   what is masked in the URLs and messages records carry
 */
public record RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                          boolean saved, boolean proxy, boolean items, Redaction redaction) {
    public RecordShape {
        paramNames = List.copyOf(paramNames);
        fieldNames = List.copyOf(fieldNames);
        redaction = redaction == null ? Redaction.DEFAULT : redaction;
    }

    /** A shape without the {@code proxy} and {@code item} fields, with the default redaction. */
    public RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                       boolean saved) {
        this(paramNames, fieldNames, extraction, crawl, body, saved, false, false, Redaction.DEFAULT);
    }

    /** The shape of a plain run: parameters and optionally bodies. */
    public static RecordShape plain(List<String> paramNames, boolean body) {
        return new RecordShape(paramNames, List.of(), false, false, body, false);
    }

    /** This shape, with or without the {@code proxy} field. */
    public RecordShape withProxy(boolean withProxy) {
        return new RecordShape(paramNames, fieldNames, extraction, crawl, body, saved, withProxy, items, redaction);
    }

    /** This shape, with or without the {@code item} field (a record per item, {@code --each}). */
    public RecordShape withItems(boolean withItems) {
        return new RecordShape(paramNames, fieldNames, extraction, crawl, body, saved, proxy, withItems, redaction);
    }

    /** This shape masking what {@code r} says. */
    public RecordShape withRedaction(Redaction r) {
        return new RecordShape(paramNames, fieldNames, extraction, crawl, body, saved, proxy, items, r);
    }
}
