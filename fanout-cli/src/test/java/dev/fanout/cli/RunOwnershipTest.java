package dev.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job, and an output file, belong to one process at a time: a second run — a cron overlap, a second terminal —
 * is refused with exit 2 before it touches the job or the output, naming the process that has them, and the first
 * run's output ends with every record exactly once. Real child processes: the lock is the operating system's.
 */
@ExtendWith(LeakCheckExtension.class)
class RunOwnershipTest {
    private static final int INPUTS = 400;
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension(TestServer.builder().latency(Duration.ofMillis(20)));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSecondRunOfAJobIsRefusedBeforeItTouchesTheJobOrTheOutput(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        String[] args = {"get", "-q", server.url("/items/{id}"), "-p", "id=1.." + INPUTS, "-c", "2", "--job", job.toString(),
                "-o", out.toString()};
        Process first = Child.start(dir.resolve("first.err"), args);
        assertThat(Child.await(first, () -> Child.lines(out) >= 20)).as("the first run writes records").isTrue();

        Process second = Child.start(dir.resolve("second.err"), args);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.isAlive()).as("refused while the first run still works").isTrue();
        assertThat(second.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(Child.read(dir.resolve("second.err")))
                .contains("fanout get: --job " + job + " is in use by process " + first.pid() + " (fanout get ")
                .doesNotContain("Exception");

        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Child.read(dir.resolve("first.err"))).isEqualTo(ExitCode.OK);
        assertEveryRecordOnce(out);
        assertThat(server.get().stats().totalRequests()).as("the second run sent nothing").isEqualTo(INPUTS);
        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Child.lines(out)).isEqualTo(INPUTS);
        assertThat(OwnerLockFile.of(job)).as("the lock file goes with its owner").doesNotExist();
    }

    @Test
    void aSecondRunWritingTheSameOutputIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        Process first = Child.start(dir.resolve("first.err"), "get", "-q", server.url("/items/{id}"), "-p", "id=1.." + INPUTS,
                "-c", "2", "-o", out.toString());
        assertThat(Child.await(first, () -> Child.lines(out) >= 20)).as("the first run writes records").isTrue();

        Process second = Child.start(dir.resolve("second.err"), "get", "-q", server.url("/small"), "-o", out.toString());
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.isAlive()).isTrue();
        assertThat(second.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(Child.read(dir.resolve("second.err"))).startsWith("fanout get: -o " + out + " is in use by process " + first.pid());

        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllLines(out)).hasSize(INPUTS + 1).doesNotContain(server.url("/small"));
        assertThat(server.get().stats().totalRequests()).isEqualTo(INPUTS);
    }

    @Test
    void aKilledOwnerLeavesNoLockBehind(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        String[] args = {"get", "-q", server.url("/items/{id}"), "-p", "id=1.." + INPUTS, "-c", "2", "--job", job.toString(),
                "-o", out.toString()};
        Process first = Child.start(dir.resolve("first.err"), args);
        assertThat(Child.await(first, () -> Child.lines(out) >= 20)).isTrue();
        assertThat(first.isAlive()).isTrue();
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(OwnerLockFile.of(job)).as("kill -9 leaves the file, not the lock").exists();

        CliRun resumed = CliRun.of(args);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
        assertEveryRecordOnce(out);
    }

    private static void assertEveryRecordOnce(Path out) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            seen.merge(JSON.readTree(line).get("url").asText(), 1, Integer::sum);
        }
        assertThat(seen).hasSize(INPUTS);
        assertThat(seen.values()).containsOnly(1);
    }

    /** Where the lock of a file lives (beside it). */
    static final class OwnerLockFile {
        static Path of(Path target) {
            return target.resolveSibling(target.getFileName() + ".lock");
        }
    }
}
