package dev.fanout.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a table input: its values by column, in column order, and where it was read.
 *
 * @param line    the line it starts on (1-based, the header being line 1 of a CSV), or its position for rows
 *                that do not come from a file
 * @param values  column name to value; a column with no value is absent
 * @param problem why the row could not be read as it is (wrong number of columns, invalid JSON, not UTF-8),
 *                naming its line; null for a good row. A row with a problem becomes an {@code invalid_input}
 *                record and the run goes on.
 */
public record Row(long line, Map<String, String> values, String problem) {
    public Row {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A good row. */
    public static Row of(long line, Map<String, String> values) {
        return new Row(line, values, null);
    }
}
