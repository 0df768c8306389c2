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
 * @param redaction   what is masked in the URLs and messages records carry
 */
public record RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                          boolean saved, Redaction redaction) {
    public RecordShape {
        paramNames = List.copyOf(paramNames);
        fieldNames = List.copyOf(fieldNames);
        redaction = redaction == null ? Redaction.DEFAULT : redaction;
    }

    /** A shape with the default redaction. */
    public RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                       boolean saved) {
        this(paramNames, fieldNames, extraction, crawl, body, saved, Redaction.DEFAULT);
    }

    /** This shape masking what {@code r} says. */
    public RecordShape withRedaction(Redaction r) {
        return new RecordShape(paramNames, fieldNames, extraction, crawl, body, saved, r);
    }

    /** The shape of a plain run: parameters and optionally bodies. */
    public static RecordShape plain(List<String> paramNames, boolean body) {
        return new RecordShape(paramNames, List.of(), false, false, body, false);
    }
}
