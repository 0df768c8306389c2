package dev.fanout.spark.cli;

import dev.fanout.cli.Io;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout spark get} in-process on an embedded master: get's options, the table in, the results out. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SparkMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), true, false, 80);
        return SparkMain.run(io, args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsAreOneLineAndStartNoSpark(@TempDir Path dir) {
        assertThat(run("get", "http://127.0.0.1:1/{id}", "-i", "x.csv", "-o", dir.toString(), "--follow", "$.kids[*]")).isEqualTo(2);
        assertThat(err()).isEqualTo("fanout spark get: --follow: a crawl runs on one machine (fanout get --follow); see docs/scale-out.md\n");
        err.reset();
        assertThat(run("get", "http://127.0.0.1:1/{id}", "-o", dir.toString())).isEqualTo(2);
        assertThat(err()).startsWith("fanout spark get: Missing required option: '--input=FILE'");
        err.reset();
        assertThat(run("get", "http://127.0.0.1:1/{id}", "-i", "x.csv", "-o", dir.toString(), "-p", "id=1..3")).isEqualTo(2);
        assertThat(err()).startsWith("fanout spark get: Unknown option: '-p'");
    }

    @Test
    void csvInCsvOutThenResumeDoesNothingMore(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("id,label"));
        for (int i = 1; i <= 20; i++) {
            lines.add(i + ",row " + i);
        }
        Path csv = Files.write(dir.resolve("ids.csv"), lines);
        String out = dir.resolve("out").toString();
        try (TestServer server = TestServer.builder().start()) {
            String[] args = {"get", server.url("/items/{id}"), "-i", csv.toString(), "-o", out, "--format", "csv",
                    "-e", "name=$.name", "--per-host", "2", "--master", "local[2]"};
            assertThat(run(args)).as(err()).isEqualTo(0);
            assertThat(err()).contains("fanout spark: 20 rows fetched into " + out + " (csv, 1 batch, local[2])")
                    .contains("20 with a response, 0 without");
            assertThat(server.stats().peakInFlight()).isBetween(1, 2);
            List<String> rows = csvRows(Path.of(out));
            assertThat(rows).hasSize(20).allSatisfy(r -> assertThat(r).matches("\\d+,row \\d+,http://.*,item-\\d+,200,.*"));

            err.reset();
            assertThat(run(args)).isEqualTo(2);
            assertThat(err()).contains("holds results already; add --resume");
            err.reset();
            String[] resume = Stream.concat(Stream.of(args), Stream.of("--resume")).toArray(String[]::new);
            assertThat(run(resume)).as(err()).isEqualTo(0);
            assertThat(err()).contains("fanout spark: 0 rows fetched").contains("20 rows were in committed batches already");
            assertThat(server.stats().get("/items/{id}").requests()).isEqualTo(20);
        }
    }

    private static List<String> csvRows(Path out) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                List<String> l = Files.readAllLines(f);
                rows.addAll(l.subList(1, l.size()));
            }
        }
        return rows;
    }
}
