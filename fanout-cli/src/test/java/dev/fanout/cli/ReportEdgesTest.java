package dev.fanout.cli;

import dev.fanout.cli.report.Throughput;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout report} at its edges: standard input, empty outputs, missing files, short runs' rates. */
@ExtendWith(LeakCheckExtension.class)
class ReportEdgesTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void thePeakIsNeverBelowTheAverage() {
        // two records 5 ms apart: the old first-to-last average read 400/s beside a peak of 20/s over 0.1 s
        Throughput two = Throughput.of(new long[] {1_000_050, 1_000_055});
        assertThat(two.averageRate()).isLessThanOrEqualTo(two.peakRate()).isEqualTo(20.0);
        // a sparse, uneven run over many spans
        long[] times = {0, 1, 2, 3, 450, 451, 900, 1_399, 1_401, 1_899};
        Throughput uneven = Throughput.of(times);
        assertThat(uneven.averageRate()).isLessThanOrEqualTo(uneven.peakRate());
        assertThat(uneven.averageRate()).isEqualTo(10 * 1000.0 / (uneven.counts().length * uneven.widthMs()));
    }

    @Test
    void theReportOfARealRunShowsAPeakAtLeastItsAverage(@TempDir Path dir) {
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..300", "-o", out.toString()).exitCode()).isZero();
        String report = CliRun.of("report", out.toString()).out();
        Matcher m = Pattern.compile("throughput ([\\d,.]+) records/s from .*; peak ([\\d,.]+)/s over").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        assertThat(Double.parseDouble(m.group(2).replace(",", ""))).isGreaterThanOrEqualTo(Double.parseDouble(m.group(1).replace(",", "")));
    }

    @Test
    void aDashReadsStandardInput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        assertThat(CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..20", "-o", out.toString()).exitCode()).isZero();
        CliRun report = CliRun.withStdin(Files.readString(out), "report", "-");
        assertThat(report.exitCode()).as(report.err()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).contains("report: standard input (CSV output)", "records 20 · responses 20 · failed 0");
    }

    @Test
    void anEmptyOutputHasNoRecordsRatherThanAnOldFormat(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("empty.csv");
        Files.writeString(csv, "url,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms\r\n",
                StandardCharsets.UTF_8);
        Path jsonl = Files.writeString(dir.resolve("empty.jsonl"), "");
        for (Path p : new Path[] {csv, jsonl}) {
            CliRun report = CliRun.of("report", p.toString());
            assertThat(report.exitCode()).as(report.err()).isEqualTo(ExitCode.OK);
            assertThat(report.out()).contains("records 0", "no records").doesNotContain("older fanout");
        }
    }

    @Test
    void outsideAUtf8LocaleTheReportIsAscii(@TempDir Path dir) {
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..5", "-o", out.toString()).exitCode()).isZero();
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Io ascii = new Io(new java.io.ByteArrayInputStream(new byte[0]), stdout, err, false, false, 80, new StatusLine(err, false, () -> 80));
        assertThat(FanoutCommand.execute(ascii, "report", out.toString())).isEqualTo(ExitCode.OK);
        assertThat(stdout.toString(StandardCharsets.US_ASCII)).contains("records 5 | responses 5 | failed 0").matches("(?s)\\p{ASCII}*");
    }

    @Test
    void aMissingFileIsAUsageError(@TempDir Path dir) {
        CliRun report = CliRun.of("report", dir.resolve("nope.jsonl").toString());
        assertThat(report.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(report.err()).contains("nope.jsonl: no such file").doesNotContain("Exception");
        assertThat(CliRun.of("report", dir.toString()).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void theSummaryTheJobAndTheReportAgreeOnWhatFailed(@TempDir Path dir) throws Exception {
        Path urls = Files.write(dir.resolve("urls.txt"), java.util.List.of(server.url("/items/1"), server.url("/items/2"),
                server.url("/status/429?n=1"), server.url("/status/503?n=2"), server.url("/status/404?n=3"), "http://127.0.0.1:1/"));
        Path out = dir.resolve("out.jsonl");
        CliRun run = CliRun.of("get", "-i", urls.toString(), "--retries", "0", "-o", out.toString(), "--job", dir.resolve("j.job").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED); // one input got no response
        assertThat(run.err()).contains("responses 5 · failed 1 (connect 1)",
                "429 or 5xx: 2 (responses, not failed; with --job, --retry-failed runs them again)",
                "3 to run again with --retry-failed (1 failed, 2 answered 429 or 5xx)");
        for (String file : new String[] {out.toString(), dir.resolve("j.job").toString()}) {
            assertThat(CliRun.of("report", file).out()).contains("records 6 · responses 5 · failed 1 (connect 1)",
                    "429 or 5xx: 2 (responses, not failed");
        }
    }
}
