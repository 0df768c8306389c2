package dev.fanout.source;

import dev.fanout.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table inputs: CSV/TSV (RFC 4180) and JSON lines, read as rows into requests; bad rows become invalid inputs. */
class TableSourceTest {
    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private Path file(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p);
        }
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Request> all(RequestSource s) {
        List<Request> out = new ArrayList<>();
        s.forEachRemaining(out::add);
        s.close();
        return out;
    }

    private static RequestSource build(String url, Path table, RowSource.Format format, String... params) {
        return RequestSources.build(spec(url, table, format, params));
    }

    static RequestSources.Spec spec(String url, Path table, RowSource.Format format, String... params) {
        List<Param> ps = java.util.Arrays.stream(params).map(p -> Param.parse(p, NO_STDIN)).toList();
        return new RequestSources.Spec("GET", List.of(url), List.of("X-Name: {name}"), "{\"id\":{id}}", ps, null)
                .withRows(RowSource.read(table, format));
    }

    @Test
    void csvRowsFillUrlHeadersAndBodyWithQuotingCommasQuotesLineBreaksAndABom() throws IOException {
        Path csv = file("t.csv", BOM, utf8("id,name,note\r\n1,\"Smith, J\",\"said \"\"hi\"\"\"\r\n2,Zoë,\"two\nlines\"\n\n3,x,\n"));
        List<Request> rs = all(build("http://h/items/{id}?n={name}", csv, RowSource.Format.CSV));
        assertThat(rs).extracting(Request::url).containsExactly(
                "http://h/items/1?n=Smith%2C%20J", "http://h/items/2?n=Zo%C3%AB", "http://h/items/3?n=x");
        assertThat(rs.get(0).params()).containsExactly(Map.entry("id", "1"), Map.entry("name", "Smith, J"), Map.entry("note", "said \"hi\""));
        assertThat(rs.get(1).params().get("note")).isEqualTo("two\nlines");
        assertThat(rs.get(0).headers().get("X-Name")).isEqualTo("Smith, J");
        assertThat(new String(rs.get(2).body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":3}");
        assertThat(rs).allSatisfy(r -> assertThat(r.invalidProblem()).isNull());
    }

    @Test
    void aBadRowBecomesAnInvalidInputNamingItsLineAndTheRestGoesOn() throws IOException {
        Path csv = file("t.csv", utf8("id,name\n1,a\n2\n3,Caf"), new byte[] {(byte) 0xE9}, utf8("\n4,\"multi\nline\"\n5,b,extra\n6,\"open\n"));
        List<Request> rs = all(build("http://h/{id}", csv, RowSource.Format.CSV));
        assertThat(rs).extracting(Request::invalidProblem).containsExactly(
                null,
                csv + " line 3: 1 column where the header has 2",
                csv + " line 4, column 2: not UTF-8 (byte 0xE9 at byte 4; save the file as UTF-8)",
                null,
                csv + " line 7: 3 columns where the header has 2",
                csv + " line 8: the quoted field in column 2 is not closed before the end of the file");
        assertThat(rs.get(1).params()).containsExactly(Map.entry("id", "2"));
    }

    @Test
    void tsvUsesTabs() throws IOException {
        Path tsv = file("t.tsv", utf8("id\tname\n7\ta b\n"));
        assertThat(all(build("http://h/{id}/{name}", tsv, RowSource.Format.TSV))).extracting(Request::url)
                .containsExactly("http://h/7/a%20b");
    }

    @Test
    void jsonLinesTakeTheKeysOfEachObjectAndReportBadLines() throws IOException {
        Path jsonl = file("t.jsonl", utf8("{\"id\":1,\"name\":\"a\",\"tags\":[1,2]}\n\n[1]\n{\"id\":2,\n{\"id\":3}\n{\"id\":4,\"name\":null,\"ok\":true}\n"));
        RowSource table = RowSource.read(jsonl, RowSource.Format.JSONL);
        assertThat(table.columns()).containsExactly("id", "name", "tags");
        List<Request> rs = all(RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/{id}?n={name}"), List.of(), null, List.of(), null)
                .withRows(table)));
        assertThat(rs.get(0).params()).containsExactly(Map.entry("id", "1"), Map.entry("name", "a"), Map.entry("tags", "[1,2]"));
        assertThat(rs.get(1).invalidProblem()).isEqualTo(jsonl + " line 3: a JSON object was expected, got an array");
        assertThat(rs.get(2).invalidProblem()).startsWith(jsonl + " line 4: invalid JSON (");
        assertThat(rs.get(3).invalidProblem()).isEqualTo(jsonl + " line 5: no value for {name}");
        assertThat(rs.get(4).invalidProblem()).isEqualTo(jsonl + " line 6: no value for {name}");
        assertThat(rs.get(4).params()).containsEntry("ok", "true");
        assertThat(rs).hasSize(5);
    }

    @Test
    void paramsCombineWithEachRowAndRecordAfterTheColumns() throws IOException {
        Path csv = file("t.csv", utf8("id,name\n1,a\n2,b\n"));
        List<Request> rs = all(build("http://h/{id}/{lang}", csv, RowSource.Format.CSV, "lang=en,fr"));
        assertThat(rs).extracting(Request::url).containsExactly("http://h/1/en", "http://h/1/fr", "http://h/2/en", "http://h/2/fr");
        assertThat(rs.get(3).params()).containsExactly(Map.entry("id", "2"), Map.entry("name", "b"), Map.entry("lang", "fr"));
        RequestSource s = build("http://h/{id}/{lang}", csv, RowSource.Format.CSV, "lang=en,fr");
        assertThat(s.paramNames()).containsExactly("id", "name", "lang");
        assertThat(s.dimensionSizes(10_000)).containsExactly(2, 2);
        s.close();
    }

    @Test
    void theTemplateIsCheckedAgainstTheColumnsBeforeAnyRequest() throws IOException {
        Path csv = file("t.csv", utf8("id,name\n1,a\n"));
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{nope}", csv, RowSource.Format.CSV).withNames(InputNamesTest.FLAGS)))
                .hasMessage("unknown placeholder {nope}: " + csv + " has no column nope (columns: id, name) and no -p nope=... gives its values");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}", csv, RowSource.Format.CSV, "name=x").withNames(InputNamesTest.FLAGS)))
                .hasMessage("-p name: " + csv + " has a column of that name already");
        Path dup = file("d.csv", utf8("id,id\n1,2\n"));
        assertThatThrownBy(() -> RowSource.read(dup, RowSource.Format.CSV)).hasMessage(dup + ": the header row names column 'id' twice");
        Path empty = file("e.csv");
        assertThatThrownBy(() -> RowSource.read(empty, RowSource.Format.CSV)).hasMessageContaining("the file is empty");
    }

    @Test
    void aUrlColumnIsTheUrlWhenNoTemplateIsGiven() throws IOException {
        Path csv = file("u.csv", utf8("url,label\nhttp://h/a?x=1,first\n"));
        List<Request> rs = all(RequestSources.build(new RequestSources.Spec("GET", List.of(), List.of(), null, List.of(), null)
                .withRows(RowSource.read(csv, RowSource.Format.CSV))));
        assertThat(rs).extracting(Request::url).containsExactly("http://h/a?x=1");
        assertThat(rs.get(0).params()).containsEntry("label", "first");
    }

    @Test
    void rowsOfYourOwnAreMaps() {
        RowSource rows = RowSource.of(List.of("sym"), List.of(Map.of("sym", "AAPL"), Map.of("sym", "MSFT")));
        RequestSource s = RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/q/{sym}"), List.of(), null, List.of(), null)
                .withRows(rows));
        assertThat(s.expectedTotal()).isEqualTo(2);
        assertThat(all(s)).extracting(Request::url).containsExactly("http://h/q/AAPL", "http://h/q/MSFT");
    }

    @Test
    void theRowCountIsKnownWithQuotedLineBreaksCounted() throws IOException {
        Path csv = file("t.csv", utf8("id,note\n1,\"a\nb\"\n2,c\n\n3,d"));
        RowSource rows = RowSource.read(csv, RowSource.Format.CSV);
        assertThat(rows.awaitSize(10_000)).isEqualTo(3);
        rows.close();
    }

    @Test
    void valueFilesKeepHashLinesDropABomAndMarkLinesThatAreNotUtf8() throws IOException {
        Path values = file("v.txt", BOM, utf8("#rust\nZoë\n\nM"), new byte[] {(byte) 0xFC}, utf8("nchen\nlast\n"));
        List<Request> rs = all(RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/?q={q}"), List.of(), null,
                List.of(Param.parse("q=@" + values, NO_STDIN)), null).withNames(InputNamesTest.FLAGS)));
        assertThat(rs).extracting(r -> r.params().get("q")).containsExactly("#rust", "Zoë", "M\uFFFDnchen", "last");
        assertThat(rs).extracting(Request::invalidProblem).containsExactly(null, null,
                "-p q: " + values + " line 4: not UTF-8 (byte 0xFC at byte 2; save the file as UTF-8)", null);
    }

    @Test
    void urlListsStillSkipCommentsAndReportBadLines() throws IOException {
        Path urls = file("u.txt", utf8("# mine\nhttp://h/1\nhttp://h/"), new byte[] {(byte) 0xFF}, utf8("\n"));
        List<Request> rs = all(RequestSources.build(new RequestSources.Spec("GET", List.of(), List.of(), null, List.of(),
                ValueSource.lines(urls))));
        assertThat(rs).extracting(Request::invalidProblem).containsExactly(null, urls + " line 3: not UTF-8 (byte 0xFF at byte 10; save the file as UTF-8)");
    }
}
