package dev.fanout.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.extract.Extraction;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SinksTest {
    private static final Request REQ = Request.get("http://h/items/7").withParams(Map.of("id", "7"));
    private static final Outcome OK = Outcome.builder(REQ).index(3).status(200)
            .body("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).bytes(7).elapsedNanos(12_345_678).build();
    private static final Outcome REFUSED = Outcome.builder(Request.get("http://h/, \"x\"")).index(4)
            .failure(Failure.beforeSend(FailureKind.CONNECT, "connection refused")).elapsedNanos(1_000_000).attempts(3)
            .lastError("503").build();

    @Test
    void jsonLinesHaveTheDocumentedFields() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordSink sink = Format.JSONL.open(out, List.of("id"), true)) {
            sink.write(OK);
            sink.write(REFUSED);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode ok = mapper.readTree(lines[0]);
        assertThat(ok.get("url").asText()).isEqualTo("http://h/items/7");
        assertThat(ok.get("params").get("id").asText()).isEqualTo("7");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("error").isNull()).isTrue();
        assertThat(ok.get("elapsed_ms").asDouble()).isEqualTo(12.345);
        assertThat(ok.get("bytes").asLong()).isEqualTo(7);
        assertThat(ok.get("index").asLong()).isEqualTo(3);
        assertThat(ok.get("attempts").asInt()).isEqualTo(1);
        assertThat(ok.get("last_error").isNull()).isTrue();
        assertThat(ok.get("body").asText()).isEqualTo("{\"a\":1}");
        JsonNode failed = mapper.readTree(lines[1]);
        assertThat(failed.get("status").isNull()).isTrue();
        assertThat(failed.get("error").asText()).isEqualTo("connect");
        assertThat(failed.get("message").asText()).isEqualTo("connection refused");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("last_error").asText()).isEqualTo("503");
    }

    @Test
    void aSqliteTableKeptByAJobLosesTheRowsTheJobDoesNotKeepAndOtherwiseStartsAfresh(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.sqlite");
        RecordShape shape = RecordShape.of(List.of("id"), List.of());
        try (SqliteSink sink = new SqliteSink(file, shape, null)) {
            for (int i = 0; i < 10; i++) {
                sink.write(Outcome.builder(REQ).index(i).status(200).build());
            }
        }
        new SqliteSink(file, shape, idx -> idx % 2 == 0).close(); // a job that committed the even ones
        assertThat(indexes(file)).containsExactly(0L, 2L, 4L, 6L, 8L);
        new SqliteSink(file, shape, null).close();
        assertThat(indexes(file)).isEmpty();
    }

    private static List<Long> indexes(Path file) throws Exception {
        List<Long> idx = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT idx FROM results ORDER BY idx")) {
            while (r.next()) {
                idx.add(r.getLong(1));
            }
        }
        return idx;
    }

    @Test
    void binaryBodiesAreBase64() throws Exception {
        Outcome binary = Outcome.builder(REQ).status(200).body(new byte[]{(byte) 0xff, 0x00}).bytes(2).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordSink sink = Format.JSONL.open(out, List.of(), true)) {
            sink.write(binary);
        }
        assertThat(new ObjectMapper().readTree(out.toByteArray()).get("body_base64").asText()).isEqualTo("/wA=");
    }

    @Test
    void csvHasAColumnPerParamThenTheFixedColumnsAndQuotesAsNeeded() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long before = System.currentTimeMillis();
        try (RecordSink sink = Format.CSV.open(out, List.of("id"), false)) {
            sink.write(OK);
            sink.write(REFUSED);
        }
        long after = System.currentTimeMillis();
        String[] rows = withoutTimes(out.toString(StandardCharsets.UTF_8), before, after).split("\r\n");
        assertThat(rows).containsExactly(
                "url,id,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms,index",
                "http://h/items/7,7,200,,12.345,7,,1,,0,,T,3",
                "\"http://h/, \"\"x\"\"\",,,connect,1.0,0,connection refused,3,503,0,,T,4");
    }

    @Test
    void csvNumbersAreTheirDecimalDigits() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] indexes = {0, 7, -1, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE};
        try (RecordSink sink = Format.CSV.open(out, List.of(), false)) {
            for (long i : indexes) {
                sink.write(Outcome.builder(REQ).index(i).status(Integer.MAX_VALUE).attempts(-3).build());
            }
        }
        String[] rows = out.toString(StandardCharsets.UTF_8).split("\r\n");
        for (int r = 0; r < indexes.length; r++) {
            String[] cells = rows[r + 1].split(",", -1);
            assertThat(cells[cells.length - 1]).isEqualTo(Long.toString(indexes[r]));
            assertThat(cells[1]).isEqualTo(Integer.toString(Integer.MAX_VALUE));
            assertThat(cells[6]).isEqualTo("-3");
        }
    }

    /** The records with each 13-digit time replaced by T, after checking it lies in [before, after]. */
    private static String withoutTimes(String records, long before, long after) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b\\d{13}\\b").matcher(records);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            assertThat(Long.parseLong(m.group())).isBetween(before, after);
            m.appendReplacement(sb, "T");
        }
        return m.appendTail(sb).toString();
    }

    @Test
    void formatFollowsTheFileExtension() {
        assertThat(Format.fromFileName("out.CSV")).isEqualTo(Format.CSV);
        assertThat(Format.fromFileName("out.jsonl")).isEqualTo(Format.JSONL);
        assertThat(Format.fromFileName("out.txt")).isNull();
    }

    @Test
    void extractedFieldsAndCrawlColumns() throws Exception {
        Outcome found = Outcome.builder(REQ.foundIn("http://h/items/1", 2)).index(5).status(200).build();
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("price", new java.math.BigDecimal("189.90"));
        fields.put("kids", List.of(1L, 2L));
        fields.put("title", null);
        Extraction extraction = new Extraction(fields, "title: body is not JSON");
        RecordShape shape = RecordShape.of(List.of("id"), List.of("price", "kids", "title"))
                .with(true, RecordColumn.EXTRACT_ERROR, RecordColumn.DEPTH, RecordColumn.PARENT);

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (RecordSink sink = Format.JSONL.open(json, shape)) {
            sink.write(found, extraction);
            sink.write(REFUSED);
        }
        String[] lines = json.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"url\":").endsWith("}")); // nothing between records
        assertThat(lines[0]).contains("\"fields\":{\"price\":189.90,\"kids\":[1,2],\"title\":null},\"extract_error\":\"title: body is not JSON\"")
                .contains("\"depth\":2,\"parent\":\"http://h/items/1\"");
        assertThat(lines[1]).contains("\"fields\":{\"price\":null,\"kids\":null,\"title\":null},\"extract_error\":null")
                .contains("\"depth\":0,\"parent\":null");

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        long before = System.currentTimeMillis();
        try (RecordSink sink = Format.CSV.open(csv, shape)) {
            sink.write(found, extraction);
        }
        String[] rows = withoutTimes(csv.toString(StandardCharsets.UTF_8), before, System.currentTimeMillis()).split("\r\n");
        assertThat(rows[0]).isEqualTo("url,id,price,kids,title,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms,index,extract_error,depth,parent");
        assertThat(rows[1]).isEqualTo("http://h/items/7,7,189.90,\"[1,2]\",,200,,0.0,0,,1,,0,,T,5,title: body is not JSON,2,http://h/items/1");
    }
}
