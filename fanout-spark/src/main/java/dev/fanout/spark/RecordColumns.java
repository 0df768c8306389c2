package dev.fanout.spark;

import dev.fanout.Outcome;
import dev.fanout.Redaction;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;
import dev.fanout.sink.CsvSink;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows {@link FanoutSpark} returns: the input's columns, then the columns of the record {@code fanout get}
 * writes as CSV — {@code url}, one string column per extracted field, {@link CsvSink#FIXED_COLUMNS} with the same
 * values, {@code extract_error} when anything is extracted and {@code body} when bodies are included. The
 * schema depends only on the input's schema and the options, never on the responses. When the input has a
 * column named {@code url}, it stays as it is (the request's URL is the template filled from the row) and no
 * second {@code url} column is added, so that the input's columns are always exactly what was read.
 */
final class RecordColumns implements Serializable {
    private final StructType input;
    private final List<String> fields;
    private final boolean body;
    private final int urlAt;
    private final StructType schema;

    RecordColumns(StructType input, List<String> fieldNames, boolean body) {
        this.input = input;
        this.fields = List.copyOf(fieldNames);
        this.body = body;
        this.urlAt = List.of(input.fieldNames()).indexOf("url");
        Set<String> taken = new HashSet<>(List.of(input.fieldNames()));
        List<StructField> all = new ArrayList<>(List.of(input.fields()));
        if (urlAt < 0) {
            all.add(DataTypes.createStructField("url", DataTypes.StringType, false));
        }
        Set<String> results = new HashSet<>(CsvSink.FIXED_COLUMNS);
        results.addAll(List.of("url", "extract_error", "body"));
        for (String f : fields) {
            if (results.contains(f)) {
                throw new IllegalArgumentException("-e " + f + "=…: '" + f + "' is already a column of the results; choose another name");
            }
            all.add(column(f, DataTypes.StringType, taken));
        }
        for (String c : CsvSink.FIXED_COLUMNS) {
            all.add(column(c, type(c), taken));
        }
        if (!fields.isEmpty()) {
            all.add(column("extract_error", DataTypes.StringType, taken));
        }
        if (body) {
            all.add(column("body", DataTypes.StringType, taken));
        }
        this.schema = DataTypes.createStructType(all);
    }

    private static StructField column(String name, DataType type, Set<String> inputColumns) {
        if (inputColumns.contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' is also a column of the results; rename it "
                    + "(e.g. withColumnRenamed) or choose another field name");
        }
        return DataTypes.createStructField(name, type, true);
    }

    private static DataType type(String fixedColumn) {
        return switch (fixedColumn) {
            case "status", "attempts", "redirects" -> DataTypes.IntegerType;
            case "elapsed_ms" -> DataTypes.DoubleType;
            case "bytes", "finished_ms" -> DataTypes.LongType;
            default -> DataTypes.StringType;
        };
    }

    StructType schema() {
        return schema;
    }

    StructType input() {
        return input;
    }


    /** The result row of {@code in}: what came back for it ({@code extraction} null when nothing is extracted). */
    Row row(Row in, Outcome o, Extraction extraction) {
        Object[] v = new Object[schema.size()];
        int n = input.size();
        for (int i = 0; i < n; i++) {
            v[i] = in.get(i);
        }
        int at = n;
        if (urlAt < 0) {
            v[at++] = Redaction.DEFAULT.url(o.request().url());
        }
        for (String f : fields) {
            v[at++] = extraction == null ? null : Values.text(extraction.fields().get(f));
        }
        // the same values, in the same order, as CsvSink.FIXED_COLUMNS
        v[at++] = o.hasResponse() ? o.status() : null;
        v[at++] = o.hasResponse() ? null : o.failure().kind().wireName();
        v[at++] = (o.elapsedNanos() / 1000) / 1000.0;
        v[at++] = o.bytes();
        v[at++] = o.hasResponse() ? null : Redaction.DEFAULT.text(o.failure().message(), o.request().url());
        v[at++] = o.attempts();
        v[at++] = o.lastError() == null ? null : Redaction.DEFAULT.text(o.lastError(), o.request().url());
        v[at++] = o.redirects();
        v[at++] = o.finalUrl() == null ? null : Redaction.DEFAULT.url(o.finalUrl());
        v[at++] = System.currentTimeMillis();
        if (!fields.isEmpty()) {
            v[at++] = extraction == null ? null : extraction.error();
        }
        if (body) {
            v[at] = o.hasResponse() ? bodyText(o.body()) : null;
        }
        return RowFactory.create(v);
    }

    /** The body as UTF-8 text, or {@code base64:…} when it is not valid UTF-8 (as {@code fanout get}'s CSV). */
    private static String bodyText(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
