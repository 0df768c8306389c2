package dev.fanout.sink;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.extract.Extraction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static dev.fanout.sink.RecordColumn.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordColumnTest {
    private static final RecordShape ALL = RecordShape.of(List.of("id"), List.of("name"))
            .with(true, EnumSet.allOf(RecordColumn.class).stream().filter(RecordColumn::optional).toArray(RecordColumn[]::new));

    /** Which value method each column called, checked against the column's type. */
    private static final class Typed extends RecordColumn.Cells {
        final List<String> calls = new ArrayList<>();
        private RecordColumn column;

        @Override
        public void column(RecordColumn c) {
            column = c;
        }

        private void called(String how, RecordColumn.Type... allowed) {
            assertThat(column.type()).as(column + " written as " + how).isIn((Object[]) allowed);
            calls.add(column.wireName() + ":" + how);
        }

        @Override
        public void text(String value) {
            called("text", Type.TEXT);
        }

        @Override
        public void number(int value) {
            called("int", Type.INT);
        }

        @Override
        public void number(long value) {
            called("long", Type.LONG);
        }

        @Override
        public void number(double value) {
            called("real", Type.REAL);
        }

        @Override
        public void missing() {
            called("missing", Type.INT, Type.LONG, Type.REAL);
        }

        @Override
        public void body(byte[] body) {
            called("body", Type.BODY);
        }

        @Override
        public void params(Outcome o, RecordShape shape) {
            assertThat(column).isEqualTo(PARAMS);
            calls.add("params");
        }

        @Override
        public void fields(Extraction x, RecordShape shape) {
            assertThat(column).isEqualTo(FIELDS);
            calls.add("fields");
        }
    }

    @Test
    void everyColumnWritesOneValueOfItsType() throws Exception {
        Request req = Request.get("http://h.test/a");
        Outcome ok = Outcome.builder(req).status(200).build();
        Outcome failed = Outcome.unsent(req, 1, Failure.beforeSend(FailureKind.INVALID_URL, "no host"));
        RecordColumn[] columns = ALL.columns().toArray(RecordColumn[]::new);
        for (Outcome o : List.of(ok, failed)) {
            for (Extraction x : Arrays.asList(null, new Extraction(Map.of(), null, 3))) {
                Typed cells = new Typed();
                RecordColumn.write(columns, ALL, o, x, null, cells);
                assertThat(cells.calls).hasSize(RecordColumn.values().length);
            }
        }
    }

    @Test
    void csvHasTheDeclaredOrderAndJsonLinesAndSqliteKeepTheirTwoPlacements() {
        assertThat(RecordLayout.TABLE.columns(ALL)).containsExactly(RecordColumn.values());
        assertThat(RecordLayout.JSON_LINES.columns(ALL)).containsExactly(URL, PARAMS, ITEM, FIELDS, EXTRACT_ERROR, STATUS,
                ERROR, MESSAGE, ELAPSED_MS, BYTES, ATTEMPTS, LAST_ERROR, REDIRECTS, FINAL_URL, FINISHED_MS, INDEX, PROXY, DEPTH,
                PARENT, SAVED, BODY);
        assertThat(RecordLayout.SQLITE.columns(ALL)).containsExactly(INDEX, URL, PARAMS, ITEM, FIELDS, STATUS, ERROR, MESSAGE,
                ELAPSED_MS, BYTES, ATTEMPTS, LAST_ERROR, REDIRECTS, FINAL_URL, FINISHED_MS, PROXY, EXTRACT_ERROR, DEPTH, PARENT,
                SAVED, BODY);
        assertThat(RecordLayout.SQLITE.name(INDEX)).isEqualTo("idx");
        // without fields, extract_error still comes where fields would be
        RecordShape follows = RecordShape.of(List.of("id"), List.of()).with(true, EXTRACT_ERROR);
        assertThat(RecordLayout.JSON_LINES.columns(follows)).startsWith(URL, PARAMS, EXTRACT_ERROR, STATUS);
    }

    @Test
    void aShapeHasTheFixedColumnsAndTheOptionalOnesItAsksFor() {
        RecordShape plain = RecordShape.of(List.of(), List.of());
        assertThat(plain.columns()).containsExactly(URL, PARAMS, STATUS, ERROR, ELAPSED_MS, BYTES, MESSAGE, ATTEMPTS,
                LAST_ERROR, REDIRECTS, FINAL_URL, FINISHED_MS, INDEX);
        RecordShape crawl = plain.with(true, DEPTH, PARENT);
        assertThat(crawl.has(DEPTH) && crawl.has(PARENT)).isTrue();
        assertThat(crawl.with(false, PARENT).has(PARENT)).isFalse();
        assertThatThrownBy(() -> plain.with(true, STATUS)).hasMessage("every record has status: it is not an optional column");
    }

    @Test
    void namesAreLookedUpByTheirWireName() {
        for (RecordColumn c : RecordColumn.values()) {
            assertThat(RecordColumn.named(c.wireName())).isSameAs(c);
        }
        assertThat(RecordColumn.named("nope")).isNull();
        assertThat(RecordColumn.wireNames()).contains("url", "params", "fields", "proxy", "index").hasSize(RecordColumn.values().length);
    }
}
