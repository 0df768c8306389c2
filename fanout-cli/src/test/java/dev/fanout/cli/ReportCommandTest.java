package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanout report}: the same run read back from its job file and from JSON lines, CSV and SQLite outputs
 * gives the same figures, which are those the inputs were made to give; lines that are not records are counted
 * and skipped; the HTML page is self-contained and holds both charts.
 */
@ExtendWith(LeakCheckExtension.class)
class ReportCommandTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    /** 200 items (200), 10 that answer 503 (each retried twice), a refused connection (retried twice), a bad URL. */
    private static Path inputs(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            lines.add(server.url("/items/" + i));
        }
        for (int i = 1; i <= 10; i++) {
            lines.add(server.url("/status/503?n=" + i));
        }
        lines.add("http://127.0.0.1:1/");
        lines.add("not a url");
        return Files.write(dir.resolve("urls.txt"), lines);
    }

    private static CliRun get(Path urls, String... more) {
        List<String> args = new ArrayList<>(List.of("get", "-q", "-i", urls.toString(), "--retries", "2",
                "-H", "Authorization: Bearer sekrit-4711"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theJobFileAndEveryOutputFormatReportTheRunsFigures(@TempDir Path dir) throws Exception {
        Path urls = inputs(dir);
        assertThat(get(urls, "-o", dir.resolve("out.jsonl").toString(), "--job", dir.resolve("run.job").toString()).exitCode())
                .isEqualTo(ExitCode.SOME_FAILED);
        assertThat(get(urls, "-o", dir.resolve("out.csv").toString()).exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(get(urls, "-o", dir.resolve("out.sqlite").toString()).exitCode()).isEqualTo(ExitCode.SOME_FAILED);

        for (String file : new String[] {"run.job", "out.jsonl", "out.csv", "out.sqlite"}) {
            CliRun report = CliRun.of("report", dir.resolve(file).toString());
            assertThat(report.exitCode()).as(report.err()).isEqualTo(ExitCode.OK);
            assertThat(report.out()).as(file)
                    .contains("records 212 · responses 210 · failed 2 (connect 1, invalid_url 1)")
                    .contains("status  200: 200  503: 10")
                    .contains("retries 22 (503 20, connect 2)")
                    .containsPattern("latency ms  p50 \\d+\\.\\d+  p90 [\\d.]+  p99 [\\d.]+  p99\\.9 [\\d.]+  max [\\d.]+")
                    .containsPattern("throughput [\\d,.]+ records/s from 20\\d\\d-")
                    .doesNotContain("sekrit");
        }
        assertThat(CliRun.of("report", dir.resolve("run.job").toString()).out())
                .contains("(job file)").contains("command: fanout get -i ").contains("Authorization: sha256:");
    }

    @Test
    void linesThatAreNotRecordsAreCountedAndTheRestReported(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        CliRun run = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..50", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        Files.writeString(out, "this is not json\n{\"no\":\"url\"}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        CliRun report = CliRun.of("report", out.toString());
        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).contains("records 50 · responses 50 · failed 0")
                .contains("skipped 2 that are not records (first: line 51: ");
    }

    @Test
    void aFileThatIsNoRecordsIsAOneLineError(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        CliRun report = CliRun.of("report", text.toString());
        assertThat(report.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(report.err().strip()).isEqualTo("fanout report: " + text + ": not a fanout job file or output (JSON lines, CSV or SQLite)");
        CliRun missing = CliRun.of("report", dir.resolve("nope.jsonl").toString());
        assertThat(missing.err()).contains("nope.jsonl: no such file");
    }

    @Test
    void theHtmlPageIsSelfContainedWithBothCharts(@TempDir Path dir) throws Exception {
        Path urls = inputs(dir);
        Path out = dir.resolve("out.jsonl");
        get(urls, "-o", out.toString());
        Path html = dir.resolve("report.html");
        CliRun report = CliRun.of("report", out.toString(), "--html", html.toString());
        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        String page = Files.readString(html);
        assertThat(page).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link");
        assertThat(page).contains("<svg id=\"latency-histogram\"").contains("<svg id=\"throughput-chart\"");
        // every response is in one histogram bar: the bars' counts (in their tooltips) add up to the responses
        assertThat(sumOfCounts(chart(page, "latency-histogram"), " ms: ([\\d,]+)</title>")).isEqualTo(210);
        assertThat(chart(page, "throughput-chart")).contains("<rect class=\"bar\"");
    }

    static String chart(String page, String id) {
        int start = page.indexOf("<svg id=\"" + id + "\"");
        return page.substring(start, page.indexOf("</svg>", start));
    }

    private static long sumOfCounts(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1).replace(",", ""));
        }
        return sum;
    }
}
