package dev.fanout.sink;

import java.util.ArrayList;
import java.util.List;

import static dev.fanout.sink.RecordColumn.ERROR;
import static dev.fanout.sink.RecordColumn.EXTRACT_ERROR;
import static dev.fanout.sink.RecordColumn.FIELDS;
import static dev.fanout.sink.RecordColumn.INDEX;
import static dev.fanout.sink.RecordColumn.MESSAGE;

/**
 * The order a format writes a record's columns in: {@link RecordColumn}'s, but for the placements that JSON
 * lines and SQLite files have always had, kept so that files and the scripts reading them stay as they were.
 * Computed once per writer, never per record.
 */
enum RecordLayout {
    /** CSV and TSV (and Spark's rows): {@link RecordColumn}'s order. */
    TABLE,
    /** JSON lines: {@code message} beside {@code error}, {@code extract_error} beside {@code fields}. */
    JSON_LINES(MESSAGE, ERROR, EXTRACT_ERROR, FIELDS),
    /** SQLite: the key, {@code idx}, first, and {@code message} beside {@code error}. */
    SQLITE(INDEX, null, MESSAGE, ERROR);

    /** Pairs: a column, then the column it follows (null: it comes first). */
    private final RecordColumn[] moves;

    RecordLayout(RecordColumn... moves) {
        this.moves = moves;
    }

    /** The columns of {@code shape} in this layout's order. */
    RecordColumn[] columns(RecordShape shape) {
        List<RecordColumn> order = new ArrayList<>(shape.columns());
        for (int i = 0; i < moves.length; i += 2) {
            RecordColumn moved = moves[i];
            RecordColumn after = moves[i + 1];
            if (order.remove(moved)) {
                order.add(after == null ? 0 : place(order, after), moved);
            }
        }
        return order.toArray(RecordColumn[]::new);
    }

    /** Just after {@code after}; when the shape lacks it, where it would be (before the first column declared after it). */
    private static int place(List<RecordColumn> order, RecordColumn after) {
        int at = order.indexOf(after);
        if (at >= 0) {
            return at + 1;
        }
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).compareTo(after) > 0) {
                return i;
            }
        }
        return order.size();
    }

    /** The column's name in this layout. */
    String name(RecordColumn c) {
        return this == SQLITE && c == INDEX ? "idx" : c.wireName();
    }
}
