package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Mistakes on the command line are told in the user's terms, name the input and exit 2 before anything is sent. */
@ExtendWith(LeakCheckExtension.class)
class UsageErrorsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static void assertPlainUsageError(CliRun run, String... expected) {
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(expected)
                .doesNotContain("java.", "Exception", "Duration", " to Long", "Integer");
    }

    @Test
    void badValuesOfOptionsSayWhatIsWrongWithoutJava() {
        assertPlainUsageError(CliRun.of("get", "--timeout", "0", "http://127.0.0.1:1/"), "--timeout: '0' must be above zero");
        assertPlainUsageError(CliRun.of("get", "--timeout", "soon", "http://127.0.0.1:1/"), "--timeout: 'soon' is not a duration", "10s");
        assertPlainUsageError(CliRun.of("get", "--max-body", "lots", "http://127.0.0.1:1/"), "--max-body: 'lots' is not a size", "512KiB");
        assertPlainUsageError(CliRun.of("get", "-c", "many", "http://127.0.0.1:1/"), "--concurrency: 'many' is not a whole number");
        assertPlainUsageError(CliRun.of("serve", "--latency", "x"), "--latency: 'x' is not a duration");
    }

    @Test
    void sizesMayHaveAFraction() {
        assertThat(Units.size("1.5GiB")).isEqualTo(1_610_612_736L);
        assertThat(Units.size("0.5 KiB")).isEqualTo(512);
        CliRun run = CliRun.of("get", "-q", "--max-body", "1.5GiB", server.url("/small"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).hasSize(1);
    }

    private static long requests() {
        return server.get().stats().totalRequests();
    }

    @Test
    void unreadableFilesAreNamedWithoutExceptionNames(@TempDir Path dir) {
        long before = requests();
        Path nope = dir.resolve("nope.txt");
        assertPlainUsageError(CliRun.of("get", "-H", "Authorization: @" + nope, server.url("/small")),
                "-H Authorization: cannot read " + nope + " (No such file or directory)");
        assertPlainUsageError(CliRun.of("get", "-d", "@" + nope, server.url("/echo")), "-d @" + nope, "(No such file or directory)");
        assertPlainUsageError(CliRun.of("get", "--cacert", nope.toString(), server.url("/small")),
                "--cacert: cannot read certificates from " + nope + " (No such file or directory)");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void aSaveDirThatCannotBeMadeSaysWhy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertPlainUsageError(CliRun.of("get", "--save-dir", file.resolve("sub").toString(), server.url("/small")),
                "--save-dir " + file.resolve("sub") + ": cannot create or use the directory: Not a directory");
    }

    @Test
    void aHeaderWithALineBreakOnTheCommandLineIsRefusedBeforeAnythingIsSent() {
        long before = requests();
        assertPlainUsageError(CliRun.of("get", "-H", "X-Note: a\nb", server.url("/echo")), "-H X-Note: ", "control character");
        assertPlainUsageError(CliRun.of("get", "-H", "X-Note: a\r\nInjected: yes", server.url("/echo")), "control character");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void listValuesAreTrimmedAroundCommas() {
        CliRun run = CliRun.of("get", "-q", "--ordered", server.url("/items/{id}"), "-p", "id=1, 2 ,3");
        assertThat(run.records()).extracting(r -> r.get("url").asText())
                .containsExactly(server.url("/items/1"), server.url("/items/2"), server.url("/items/3"));
    }

    @Test
    void spacesInsideAPlaceholderAreNotPartOfItsName() {
        CliRun run = CliRun.of("get", "-q", server.url("/items/{ id }"), "-p", "id=7");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).extracting(r -> r.get("url").asText()).containsExactly(server.url("/items/7"));
    }

    @Test
    void anOutputNamedForAFormatFanoutDoesNotWriteIsRefused(@TempDir Path dir) {
        Path json = dir.resolve("out.json");
        assertPlainUsageError(CliRun.of("get", "-o", json.toString(), server.url("/small")), "out.json", "JSON lines", "out.jsonl", "--format jsonl");
        assertPlainUsageError(CliRun.of("get", "-o", dir.resolve("out.txt").toString(), server.url("/small")), "'.txt'", ".tsv", "--format");
        assertThat(json).doesNotExist();
        CliRun kept = CliRun.of("get", "-q", "-o", json.toString(), "--format", "jsonl", server.url("/small"));
        assertThat(kept.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(json).content().startsWith("{\"url\":");
    }

    @Test
    void aTsvOutputIsTabSeparatedAndReportReadsIt(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("out.tsv");
        CliRun run = CliRun.of("get", "-q", "--ordered", "-o", tsv.toString(), server.url("/items/{id}"), "-p", "id=1,2");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        var lines = Files.readAllLines(tsv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("url\tid\tstatus\terror\t");
        assertThat(lines.get(1)).startsWith(server.url("/items/1") + "\t1\t200\t\t");
        CliRun report = CliRun.of("report", tsv.toString());
        assertThat(report.out()).contains("(TSV output)", "records 2 · responses 2 · failed 0", "200: 2");
    }

    @Test
    void aBusyPortIsAUsageErrorSayingWhatToDo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", Integer.toString(busy.getLocalPort()));
            assertPlainUsageError(run, "port " + busy.getLocalPort(), "already in use", "--port 0");
            assertThat(run.err()).doesNotContain("internal error", "Netty", "netty");
        }
    }

    @Test
    void serveRefusesAnAddressThatIsNone() {
        assertPlainUsageError(CliRun.of("serve", "--host", "not an address"), "--host not an address", "127.0.0.1");
    }
}
