package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.source.Param;
import dev.fanout.source.RequestSource;
import dev.fanout.source.RequestSources;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -i table.csv|.tsv|.jsonl}: one request per row, columns into the records, bad rows as invalid inputs. */
@ExtendWith(LeakCheckExtension.class)
class TableInputTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void eachCsvRowIsARequestAndItsColumnsComeBackInInputOrderWithTheIndex(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("places.csv"),
                "\uFEFFid,place,country\n1,\"Paris, 7e\",FR\n2,\"Caf\u00e9 \"\"Zo\u00eb\"\"\",BE\n3,too,many,cells\n4,Rome,IT\n");
        Path out = dir.resolve("out.csv");
        CliRun run = CliRun.of("get", "-q", server.url("/items/{id}?q={place}"), "-i", csv.toString(), "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SOME_FAILED);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("url,id,place,country,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms,index");
        assertThat(lines).hasSize(5);
        assertThat(lines.stream().filter(l -> l.contains(",200,")).map(l -> l.substring(l.lastIndexOf(',') + 1)).sorted())
                .containsExactly("0", "1", "3");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"Paris, 7e\",FR,200,"))
                .anySatisfy(l -> assertThat(l).contains(",invalid_input,").contains(csv + " line 4: 4 columns where the header has 3")
                        .endsWith(",2"));
        assertThat(server.get().stats().get("/items/{id}").requests()).isEqualTo(3);
    }

    @Test
    void jsonLinesAndTsvWorkTooAndParamsMultiplyTheRows(@TempDir Path dir) throws Exception {
        Path jsonl = Files.writeString(dir.resolve("q.ndjson"), "{\"id\":5,\"tag\":\"a\"}\nnot json\n{\"id\":6,\"tag\":\"b\"}\n");
        CliRun run = CliRun.of("get", "-q", server.url("/items/{id}?v={v}"), "-i", jsonl.toString(), "-p", "v=x,y", "--ordered");
        List<JsonNode> records = run.records();
        assertThat(records).extracting(r -> r.get("params").toString()).containsExactly(
                "{\"id\":\"5\",\"tag\":\"a\",\"v\":\"x\"}", "{\"id\":\"5\",\"tag\":\"a\",\"v\":\"y\"}",
                "{\"v\":\"x\"}", "{\"v\":\"y\"}",
                "{\"id\":\"6\",\"tag\":\"b\",\"v\":\"x\"}", "{\"id\":\"6\",\"tag\":\"b\",\"v\":\"y\"}");
        assertThat(records.get(2).get("error").asText()).isEqualTo("invalid_input");
        assertThat(records.get(2).get("message").asText()).startsWith(jsonl + " line 2: invalid JSON");

        Path tsv = Files.writeString(dir.resolve("q.txt"), "id\tname\n9\tx y\n");
        CliRun t = CliRun.of("get", "-q", server.url("/items/{id}"), "-i", tsv.toString(), "--input-format", "tsv");
        assertThat(t.records()).singleElement().satisfies(r -> {
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("params").get("name").asText()).isEqualTo("x y");
        });
    }

    @Test
    void aUrlColumnIsTheUrlAndItsKeyIsMaskedInTheColumnToo(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("u.csv"), "url,label\n" + server.url("/items/3?api_key=S3CRET-VALUE") + ",three\n");
        CliRun run = CliRun.of("get", "-q", "-i", csv.toString(), "--format", "csv");
        assertThat(run.out()).doesNotContain("S3CRET-VALUE").contains("api_key=***,three,200,");
    }

    @Test
    void aTemplateNamingNoColumnStopsBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "sym,qty\nAAPL,1\n");
        CliRun run = CliRun.of("get", server.url("/items/{id}"), "-i", csv.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("fanout get: unknown placeholder {id}: " + csv
                + " has no column id (columns: sym, qty) and no -p id=... gives its values\n");
        CliRun bad = CliRun.of("get", server.url("/items/{sym}"), "-i", csv.toString(), "--input-format", "xml");
        assertThat(bad.err()).isEqualTo("fanout get: --input-format xml: expected csv, tsv, jsonl or lines\n");
    }

    @Test
    void aValueFileWithALatin1ByteGivesOneInvalidRecordAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("terms.txt");
        Files.write(values, new byte[] {'#', 'a', '\n', 'M', (byte) 0xFC, 'n', '\n', 'o', 'k', '\n'});
        CliRun run = CliRun.of("get", "-q", server.url("/items/1?q={q}"), "-p", "q=@" + values, "--ordered");
        List<JsonNode> records = run.records();
        assertThat(records).extracting(r -> r.get("params").get("q").asText()).containsExactly("#a", "M\uFFFDn", "ok");
        assertThat(records.get(1).get("message").asText()).isEqualTo("-p q: " + values + " line 2: not UTF-8 (byte 0xFC at byte 2; save the file as UTF-8)");
        assertThat(records).extracting(r -> r.get("status").isNull()).containsExactly(false, true, false);
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
    }

    @Test
    void aJobOverATableKnowsItsRowsByPosition(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ids.csv");
        Files.writeString(csv, "id\n" + IntStream.rangeClosed(1, 40).mapToObj(Integer::toString).collect(Collectors.joining("\n")) + "\n");
        Path out = dir.resolve("out.jsonl");
        String[] args = {"get", server.url("/items/{id}"), "-i", csv.toString(), "--job", dir.resolve("j.db").toString(), "-o", out.toString()};
        assertThat(CliRun.of(args).exitCode()).isEqualTo(ExitCode.OK);
        long sent = server.get().stats().totalRequests();
        Files.writeString(csv, "41\n42\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun again = CliRun.of(args);
        assertThat(again.err()).contains("40 inputs were done before this run, 2 now");
        assertThat(server.get().stats().totalRequests()).isEqualTo(sent + 2);
        assertThat(Files.readAllLines(out)).hasSize(42);
    }

    @Test
    void aProductOfOverAMillionSaysItsSizeBeforeItStarts(@TempDir Path dir) throws Exception {
        String ids = IntStream.range(0, 1001).mapToObj(i -> "v" + i).collect(Collectors.joining("\n"));
        Path a = Files.writeString(dir.resolve("a.txt"), ids);
        Path b = Files.writeString(dir.resolve("b.txt"), ids);
        ByteArrayInputStream none = new ByteArrayInputStream(new byte[0]);
        RequestSource source = RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/{a}/{b}"), List.of(), null,
                List.of(Param.parse("a=@" + a, none), Param.parse("b=@" + b, none)), null));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TableInput.warnIfLarge(source, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "fanout: this run makes 1,002,001 requests, every combination of its inputs (1,001 × 1,001); Ctrl-C to stop it\n");
        source.close();

        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        RequestSource small = RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/{a}/{b}"), List.of(), null,
                List.of(Param.parse("a=@" + a, none), Param.parse("b=1..999", none)), null));
        TableInput.warnIfLarge(small, new PrintStream(quiet, true, StandardCharsets.UTF_8));
        assertThat(quiet.size()).as("999,999 requests are not over a million").isZero();
        small.close();
    }
}
