package dev.fanout.spark;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.extract.Extraction;
import dev.fanout.sink.CsvSink;
import dev.fanout.sink.RecordColumn;
import dev.fanout.sink.RecordShape;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordColumnsTest {
    private static final StructType INPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.StringType, false)));

    @Test
    void theResultColumnsAreFanoutGetsCsvColumnsInTheirOrderWithoutParamsAndIndex() throws Exception {
        RecordColumns columns = new RecordColumns(INPUT, List.of("name"), true);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        RecordShape shape = RecordShape.of(List.of(), List.of("name")).with(true, RecordColumn.EXTRACT_ERROR, RecordColumn.BODY);
        new CsvSink(csv, shape).close();
        List<String> expected = new ArrayList<>(List.of("id"));
        expected.addAll(List.of(csv.toString(StandardCharsets.UTF_8).strip().split(",")));
        expected.remove(RecordColumn.INDEX.wireName());
        assertThat(columns.schema().fieldNames()).containsExactlyElementsOf(expected);
        assertThat(columns.schema().apply("status").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(columns.schema().apply("finished_ms").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(columns.schema().apply("elapsed_ms").dataType()).isEqualTo(DataTypes.DoubleType);
    }

    @Test
    void eachValueLandsInItsOwnColumn() {
        RecordColumns columns = new RecordColumns(INPUT, List.of("name"), true);
        Outcome ok = Outcome.builder(Request.get("http://u:p@h.test/items/7?api_key=S3CRET")).status(200).attempts(2)
                .lastError("503").body("hi".getBytes(StandardCharsets.UTF_8)).bytes(2).build();
        Row row = columns.rows().row(RowFactory.create("7"), ok, new Extraction(Map.of("name", "seven"), "price: not JSON"));
        assertThat(cell(columns, row, "id")).isEqualTo("7");
        assertThat(cell(columns, row, "url")).isEqualTo("http://***@h.test/items/7?api_key=***");
        assertThat(cell(columns, row, "name")).isEqualTo("seven");
        assertThat(cell(columns, row, "status")).isEqualTo(200);
        assertThat(cell(columns, row, "attempts")).isEqualTo(2);
        assertThat(cell(columns, row, "last_error")).isEqualTo("503");
        assertThat(cell(columns, row, "extract_error")).isEqualTo("price: not JSON");
        assertThat(cell(columns, row, "body")).isEqualTo("hi");
        assertThat(row.size()).isEqualTo(columns.schema().size());

        Outcome refused = Outcome.failed(Request.get("http://h.test/items/8"), 0,
                Failure.beforeSend(FailureKind.CONNECT, "connection refused"), 0, 5_000);
        Row failed = columns.rows().row(RowFactory.create("8"), refused, null);
        assertThat(cell(columns, failed, "status")).isNull();
        assertThat(cell(columns, failed, "error")).isEqualTo("connect");
        assertThat(cell(columns, failed, "message")).isEqualTo("connection refused");
        assertThat(cell(columns, failed, "name")).isNull();
        assertThat(cell(columns, failed, "body")).isNull();
    }

    @Test
    void aFieldMayNotTakeTheNameOfARecordColumn() {
        assertThatThrownBy(() -> new RecordColumns(INPUT, List.of("index"), false))
                .hasMessageContaining("'index' is already a column of the results");
    }

    private static Object cell(RecordColumns columns, Row row, String name) {
        return row.get(columns.schema().fieldIndex(name));
    }
}
