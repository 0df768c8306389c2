package dev.fanout.cli;

import dev.fanout.cli.report.Fmt;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run stopped from outside — its output pipe closed by the reader, Ctrl-C, SIGTERM — stops sending at once, keeps
 * what reached the output (committed with {@code --job}) and exits with the documented code. Real child processes,
 * real signals and pipes.
 */
@ExtendWith(LeakCheckExtension.class)
class RunStopTest {
    private static final int SIGINT = 2;
    private static final int CONCURRENCY = 20;
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension(TestServer.builder().latency(Duration.ofMillis(20)));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClosedOutputPipeStopsSendingAndExits141(@TempDir Path dir) throws Exception {
        int inputs = 100_000; // at 20 ms and -c 100, some 20 s of requests (much longer on a loaded machine)
        Path err = dir.resolve("err");
        Process child = new ProcessBuilder(Child.command(List.of(), List.of(), "get", server.url("/items/{id}"), "-p", "id=1.." + inputs))
                .redirectError(err.toFile()).start();
        try {
            try (BufferedReader records = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < 5; i++) { // as `| head -5` does
                    assertThat(records.readLine()).as("record %d", i + 1).startsWith("{\"url\":");
                }
            } // closes the pipe: the child's next write fails with EPIPE
            long atClose = server.get().stats().totalRequests();

            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("ends promptly once its output is closed").isTrue();
            assertThat(child.exitValue()).isEqualTo(ExitCode.OUTPUT_CLOSED);
            assertThat(Child.read(err)).doesNotContain("Exception").doesNotContain("\tat ");
            long sent = server.get().stats().totalRequests();
            assertThat(sent).as("requests sent (%d when the pipe closed)", atClose).isLessThan(inputs / 10);
        } finally {
            child.destroyForcibly();
            child.getOutputStream().close();
        }
    }

    @ParameterizedTest
    @CsvSource({"INT, 130, interrupted (Ctrl-C)", "TERM, 143, terminated (SIGTERM)"})
    void aSignalCommitsWhatReachedTheOutputAndTheRerunSendsOnlyWhatWasInFlight(String signal, int exitCode, String said,
                                                                             @TempDir Path dir) throws Exception {
        int inputs = 1500;
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err");
        String[] args = {"get", server.url("/items/{id}"), "-p", "id=1.." + inputs, "-c", Integer.toString(CONCURRENCY),
                "--job", job.toString(), "-o", out.toString()};
        Process child = Child.start(err, args);
        assertThat(Child.await(child, () -> Child.lines(out) >= 200)).as("the run writes records").isTrue();
        Assumptions.assumeFalse(signal.equals("INT") && Child.ignores(child, SIGINT),
                "this test's processes ignore SIGINT (started in the background without job control): cannot test Ctrl-C");
        assertThat(child.isAlive()).isTrue();
        Child.signal(child, signal);

        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("stops promptly").isTrue();
        String stderr = Child.read(err);
        assertThat(child.exitValue()).as(stderr).isEqualTo(exitCode);
        long written = Child.lines(out);
        assertThat(written).isLessThan(inputs);
        assertThat(stderr).contains("fanout: " + said + ": stopped sending after " + Fmt.count(written) + " records, all committed to the job " + job)
                .contains("to continue (requests that were in flight run again): fanout get " + server.url("/items/{id}") + " -p id=1..")
                .contains("responses " + Fmt.count(written)) // the partial summary
                .doesNotContain("Exception");
        long sentBefore = server.get().stats().totalRequests();

        CliRun resumed = CliRun.of(args);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
        assertThat(resumed.err()).contains(Fmt.count(written) + " inputs were done before this run");
        long sentTwice = server.get().stats().totalRequests() - inputs;
        assertThat(sentTwice).as("requests sent again (%d before the rerun)", sentBefore).isBetween(0L, (long) CONCURRENCY);
        assertEveryRecordOnce(out, inputs);
    }

    @Test
    void aStoppedRunStillWritesItsCookieJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("cookies.txt");
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err");
        String login = server.url("/set-cookie?c=" + java.net.URLEncoder.encode("sid=kept-at-stop; Path=/; Max-Age=3600",
                StandardCharsets.UTF_8));
        Process child = Child.start(err, "get", "--ordered", "--cookie-jar", jar.toString(), "-o", out.toString(), login,
                server.url("/delay/60000"), server.url("/delay/60000?2"));
        try {
            assertThat(Child.await(child, () -> Child.lines(out) >= 1)).as("the login's record is written").isTrue();
            Child.signal(child, "TERM");
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("stops without waiting for the slow requests").isTrue();
            assertThat(child.exitValue()).as(Child.read(err)).isEqualTo(ExitCode.TERMINATED);
        } finally {
            child.destroyForcibly();
        }
        assertThat(Child.read(jar)).contains("sid\tkept-at-stop");
        assertThat(Child.read(err)).contains("1 cookie kept in " + jar);
    }

    @Test
    void aSignalEndsARunWhoseInputsWaitOnStandardInput(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err");
        Process child = new ProcessBuilder(Child.command(List.of(), List.of(), "get", server.url("/items/{}"), "--job", job.toString(),
                "-o", out.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try (var producer = child.getOutputStream()) { // a producer that is still alive: the inputs wait on it
            for (int i = 1; i <= 100; i++) {
                producer.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            producer.flush();
            assertThat(Child.await(child, () -> Child.lines(out) >= 100)).as("every input given so far is done").isTrue();
            Child.signal(child, "TERM");

            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("stops though standard input stays open").isTrue();
            assertThat(child.exitValue()).as(Child.read(err)).isEqualTo(ExitCode.TERMINATED);
            assertThat(Child.read(err)).contains("stopped sending after 100 records, all committed to the job " + job);
        } finally {
            child.destroyForcibly();
        }
        assertEveryRecordOnce(out, 100);
    }

    @Test
    void aSecondCtrlCEndsAtOnceWhenStoppingIsStuck(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("err");
        // records go to a pipe nobody reads: once it is full every write blocks, and so would an orderly stop
        Process child = new ProcessBuilder(Child.command(List.of(), List.of(), "get", server.url("/items/{id}"), "-p", "id=1..100000"))
                .redirectError(err.toFile()).start();
        try {
            assertThat(Child.await(child, () -> Child.blockedWritingAPipe(child)))
                    .as("a thread of the child blocks writing to the full pipe (%d bytes in it): %s", pipeHolds(child), readQuietly(err))
                    .isTrue();
            Assumptions.assumeFalse(Child.ignores(child, SIGINT),
                    "this test's processes ignore SIGINT (started in the background without job control): cannot test Ctrl-C");
            Child.signal(child, "INT");
            assertThat(Child.await(child, () -> readQuietly(err).contains("Ctrl-C again ends at once"))).isTrue();
            assertThat(child.isAlive()).as("still stopping: the output blocks").isTrue();
            Child.signal(child, "INT");

            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("the second Ctrl-C ends it").isTrue();
            assertThat(child.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(Child.read(err)).doesNotContain("stopped sending after").doesNotContain("Exception");
        } finally {
            child.destroyForcibly();
            child.getInputStream().close();
        }
    }

    private static int pipeHolds(Process child) {
        try {
            return child.getInputStream().available();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Child.read(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void assertEveryRecordOnce(Path out, int inputs) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            seen.merge(JSON.readTree(line).get("url").asText(), 1, Integer::sum);
        }
        assertThat(seen).hasSize(inputs);
        assertThat(seen.values()).as("each record once").containsOnly(1);
    }
}
