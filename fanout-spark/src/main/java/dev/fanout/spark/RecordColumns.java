package dev.fanout.spark;

import dev.fanout.Outcome;
import dev.fanout.Redaction;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;
import dev.fanout.sink.RecordColumn;
import dev.fanout.sink.RecordShape;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows {@link FanoutSpark} returns: the input's columns, then the {@link RecordColumn}s of the record
 * {@code fanout get} writes as CSV, in that order and with the same values — {@code url}, one string column per
 * extracted field, the columns every record has but {@code index}, {@code extract_error} when anything is
 * extracted and {@code body} when bodies are included. The input's columns stand for {@code params} and
 * {@code index}. The schema depends only on the input's schema and the options, never on the responses. When the
 * input has a column named {@code url}, it stays as it is (the request's URL is the template filled from the row)
 * and no second {@code url} column is added, so that the input's columns are always exactly what was read.
 */
final class RecordColumns implements Serializable {
    private final StructType input;
    private final List<String> fields;
    private final RecordColumn[] columns;
    private final StructType schema;

    RecordColumns(StructType input, List<String> fieldNames, boolean body) {
        this.input = input;
        this.fields = List.copyOf(fieldNames);
        boolean inputUrl = List.of(input.fieldNames()).contains(RecordColumn.URL.wireName());
        List<RecordColumn> chosen = new ArrayList<>();
        for (RecordColumn c : shape(fields, body).columns()) {
            if (c != RecordColumn.PARAMS && c != RecordColumn.INDEX && (c != RecordColumn.URL || !inputUrl)) {
                chosen.add(c);
            }
        }
        this.columns = chosen.toArray(RecordColumn[]::new);
        Set<String> taken = new HashSet<>(List.of(input.fieldNames()));
        List<StructField> all = new ArrayList<>(List.of(input.fields()));
        for (RecordColumn c : columns) {
            if (c == RecordColumn.URL) {
                all.add(DataTypes.createStructField(c.wireName(), DataTypes.StringType, false));
            } else if (c == RecordColumn.FIELDS) {
                for (String f : fields) {
                    // the names fanout get refuses too, so that a field means the same in both
                    if (RecordColumn.wireNames().contains(f)) {
                        throw new IllegalArgumentException("-e " + f + "=…: '" + f + "' is already a column of the results; choose another name");
                    }
                    all.add(column(f, DataTypes.StringType, taken));
                }
            } else {
                all.add(column(c.wireName(), type(c), taken));
            }
        }
        this.schema = DataTypes.createStructType(all);
    }

    /** A record's columns with these fields and, optionally, bodies; masked as {@code fanout get} does by default. */
    private static RecordShape shape(List<String> fields, boolean body) {
        return RecordShape.of(List.of(), fields).with(!fields.isEmpty(), RecordColumn.EXTRACT_ERROR).with(body, RecordColumn.BODY);
    }

    private static StructField column(String name, DataType type, Set<String> inputColumns) {
        if (inputColumns.contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' is also a column of the results; rename it "
                    + "(e.g. withColumnRenamed) or choose another field name");
        }
        return DataTypes.createStructField(name, type, true);
    }

    private static DataType type(RecordColumn c) {
        return switch (c.type()) {
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case REAL -> DataTypes.DoubleType;
            case TEXT, BODY, VALUE -> DataTypes.StringType;
        };
    }

    StructType schema() {
        return schema;
    }

    StructType input() {
        return input;
    }

    /** A maker of result rows for one thread. */
    Rows rows() {
        return new Rows(shape(fields, List.of(columns).contains(RecordColumn.BODY)));
    }

    /** Result rows, made one at a time on one thread (a task's, or its feeder's). */
    final class Rows extends RecordColumn.Cells {
        private final RecordShape shape;
        private Object[] v;
        private int at;
        private boolean response;

        private Rows(RecordShape shape) {
            this.shape = shape;
        }

        /** The result row of {@code in}: what came back for it ({@code extraction} null when nothing is extracted). */
        Row row(Row in, Outcome o, Extraction extraction) {
            v = new Object[schema.size()];
            int n = input.size();
            for (int i = 0; i < n; i++) {
                v[i] = in.get(i);
            }
            at = n;
            response = o.hasResponse();
            try {
                RecordColumn.write(columns, shape, o, extraction, null, this);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // never: a row's slots do no I/O
            }
            return RowFactory.create(v);
        }

        @Override
        public void column(RecordColumn column) {
            // cells follow each other: no names
        }

        @Override
        public void text(String value) {
            v[at++] = value;
        }

        @Override
        public void number(int value) {
            v[at++] = value;
        }

        @Override
        public void number(long value) {
            v[at++] = value;
        }

        @Override
        public void number(double value) {
            v[at++] = value;
        }

        @Override
        public void missing() {
            v[at++] = null;
        }

        /** As CSV has it, and null when there was no response. */
        @Override
        public void body(byte[] body) throws IOException {
            if (response) {
                super.body(body);
            } else {
                missing();
            }
        }

        @Override
        public void params(Outcome o, RecordShape s) {
            throw new IllegalStateException("the input's columns stand for the parameters");
        }

        @Override
        public void fields(Extraction x, RecordShape s) {
            for (String f : s.fieldNames()) {
                v[at++] = x == null ? null : Values.text(RecordColumn.field(x, f));
            }
        }
    }
}
