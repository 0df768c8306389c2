package dev.fanout.sink;

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
 * @param items       whether records carry {@code item}, the index of the item within its response
 *                    ({@code --each}); a response then has a record per item, all with its {@code index}
 */
public record RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                          boolean saved, boolean items) {
    public RecordShape {
        paramNames = List.copyOf(paramNames);
        fieldNames = List.copyOf(fieldNames);
    }

    /** A shape without items. */
    public RecordShape(List<String> paramNames, List<String> fieldNames, boolean extraction, boolean crawl, boolean body,
                       boolean saved) {
        this(paramNames, fieldNames, extraction, crawl, body, saved, false);
    }

    /** The shape of a plain run: parameters and optionally bodies. */
    public static RecordShape plain(List<String> paramNames, boolean body) {
        return new RecordShape(paramNames, List.of(), false, false, body, false);
    }
}
