package dev.fanout.sink;

import dev.fanout.Redaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns a run's records have ({@link RecordColumn}): every column that is not optional, one
 * {@link RecordColumn#PARAMS} column per parameter name and one {@link RecordColumn#FIELDS} column per field
 * name, and the optional columns asked for. An immutable value; {@code with…} returns a changed copy.
 *
 * @param paramNames template parameters, a {@code params} entry (CSV column) each
 * @param fieldNames extracted fields, a {@code fields} entry (CSV column) each
 * @param optional   the {@linkplain RecordColumn#optional() optional} columns records have
 * @param redaction  what is masked in the URLs and messages records carry
 */
public record RecordShape(List<String> paramNames, List<String> fieldNames, Set<RecordColumn> optional,
                          Redaction redaction) {
    public RecordShape {
        paramNames = List.copyOf(paramNames);
        fieldNames = List.copyOf(fieldNames);
        EnumSet<RecordColumn> columns = EnumSet.noneOf(RecordColumn.class);
        for (RecordColumn c : optional) {
            if (!c.optional()) {
                throw new IllegalArgumentException("every record has " + c.wireName() + ": it is not an optional column");
            }
            columns.add(c);
        }
        optional = Collections.unmodifiableSet(columns);
        redaction = redaction == null ? Redaction.DEFAULT : redaction;
    }

    /** Records with these parameters and fields and no optional column, masking what {@link Redaction#DEFAULT} does. */
    public static RecordShape of(List<String> paramNames, List<String> fieldNames) {
        return new RecordShape(paramNames, fieldNames, Set.of(), Redaction.DEFAULT);
    }

    /** The shape of a plain run: parameters and optionally bodies. */
    public static RecordShape plain(List<String> paramNames, boolean body) {
        return of(paramNames, List.of()).with(body, RecordColumn.BODY);
    }

    /** This shape with {@code columns} when {@code include}, without them otherwise (e.g. {@code DEPTH, PARENT} in a crawl). */
    public RecordShape with(boolean include, RecordColumn... columns) {
        EnumSet<RecordColumn> more = optional.isEmpty() ? EnumSet.noneOf(RecordColumn.class) : EnumSet.copyOf(optional);
        if (include) {
            more.addAll(Arrays.asList(columns));
        } else {
            Arrays.asList(columns).forEach(more::remove);
        }
        return new RecordShape(paramNames, fieldNames, more, redaction);
    }

    /** This shape masking what {@code r} says. */
    public RecordShape withRedaction(Redaction r) {
        return new RecordShape(paramNames, fieldNames, optional, r);
    }

    /** Whether records of this shape have {@code column}. */
    public boolean has(RecordColumn column) {
        if (column.optional()) {
            return optional.contains(column);
        }
        return column != RecordColumn.FIELDS || !fieldNames.isEmpty();
    }

    /** The columns records of this shape have, in {@link RecordColumn}'s order (CSV's). */
    public List<RecordColumn> columns() {
        List<RecordColumn> all = new ArrayList<>();
        for (RecordColumn c : RecordColumn.values()) {
            if (has(c)) {
                all.add(c);
            }
        }
        return all;
    }
}
