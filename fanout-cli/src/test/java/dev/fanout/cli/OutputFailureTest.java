package dev.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outputs that cannot be written: found before any request when they cannot be opened (exit 2 with the system's
 * reason), and when they fill up during the run — a full disk, a file-size limit — one line naming the file and
 * why, exit 3, and with {@code --job} a rerun once there is room leaves every record exactly once.
 */
@ExtendWith(LeakCheckExtension.class)
class OutputFailureTest {
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new java.io.File("/dev/null"));
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMissingDirectoryIsFoundBeforeAnyRequest(@TempDir Path dir) {
        Path out = dir.resolve("no-such-dir").resolve("out.jsonl");
        CliRun run = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("fanout get: -o " + out + ": cannot write the file: No such file or directory\n");
        assertThat(server.get().stats().totalRequests()).isZero();

        Path job = dir.resolve("j.db");
        CliRun withJob = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "--job", job.toString(), "-o", out.toString());
        assertThat(withJob.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(withJob.err()).isEqualTo("fanout get: -o " + out + ": cannot write the file: No such file or directory\n");
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsFoundBeforeAnyRequest(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
        for (String format : List.of("jsonl", "csv", "sqlite")) {
            Path out = notADir.resolve("out." + format);
            CliRun run = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "-o", out.toString());
            assertThat(run.exitCode()).as(format).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).as(format).isEqualTo("fanout get: -o " + out + ": cannot write the file: Not a directory\n");
        }
        CliRun isDir = CliRun.of("get", server.url("/items/1"), "-o", dir.toString());
        assertThat(isDir.err()).isEqualTo("fanout get: -o " + dir + ": cannot write the file: Is a directory\n");
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    @Test
    void aReadOnlyFileIsFoundBeforeAnyRequest(@TempDir Path dir) throws Exception {
        for (String format : List.of("jsonl", "csv", "sqlite")) {
            Path out = Files.writeString(dir.resolve("ro." + format), "");
            String reason = makeReadOnly(out);
            try {
                CliRun run = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "-o", out.toString());
                assertThat(run.exitCode()).as(format).isEqualTo(ExitCode.USAGE);
                assertThat(run.err()).as(format).isEqualTo("fanout get: -o " + out + ": cannot write the file: " + reason + "\n");
            } finally {
                writable(out);
            }
        }
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    @Test
    void aReadOnlyFileSystemIsFoundBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("ro"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mount.toString()),
                "cannot mount a read-only tmpfs here (needs root and mount rights): skipped");
        try {
            Path out = mount.resolve("out.jsonl");
            CliRun run = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "-o", out.toString());
            assertThat(run.err()).isEqualTo("fanout get: -o " + out + ": cannot write the file: Read-only file system\n");
            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
            Path job = mount.resolve("j.db");
            CliRun jobRun = CliRun.of("get", server.url("/items/{id}"), "-p", "id=1..10", "--job", job.toString(),
                    "-o", dir.resolve("out.jsonl").toString());
            assertThat(jobRun.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(jobRun.err()).isEqualTo("fanout get: --job " + job + ": cannot use the job file: Read-only file system\n");
            assertThat(server.get().stats().totalRequests()).isZero();
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void aFullDiskEndsTheRunWithOneLineAndTheJobCompletesOnceThereIsRoom(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()),
                "cannot mount a small tmpfs here (needs root and mount rights): skipped");
        try {
            int inputs = 3000; // ~700 KB of JSON lines
            Path out = mount.resolve("out.jsonl");
            String[] args = {"get", "-q", server.url("/items/{id}"), "-p", "id=1.." + inputs, "--job", dir.resolve("j.db").toString(),
                    "-o", out.toString()};
            CliRun full = CliRun.of(args);
            assertThat(full.exitCode()).as(full.err()).isEqualTo(ExitCode.IO_ERROR);
            assertThat(full.err()).isEqualTo("fanout: error writing " + out + ": No space left on device\n");

            assertThat(run("mount", "-o", "remount,size=8m", mount.toString())).isTrue();
            CliRun resumed = CliRun.of(args);
            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
            assertEveryRecordOnce(out, inputs);
        } finally {
            run("umount", mount.toString());
        }
    }

    /**
     * Under a file-size limit ({@code prlimit --fsize}) a write past it fails with EFBIG: the JVM ignores SIGXFSZ,
     * which would otherwise kill the process. The run says so in one line and exits 3; the job's rerun completes it.
     */
    @Test
    void aFileSizeLimitEndsTheRunWithOneLineAndTheJobCompletesWithoutIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) is not installed: skipped");
        int inputs = 2000;
        long limit = 128 * 1024;
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err");
        // long URLs make records of ~700 bytes, so that the output reaches the limit well before the job file does
        String[] args = {"get", "-q", server.url("/items/{id}?pad=" + "x".repeat(500)), "-p", "id=1.." + inputs,
                "--job", dir.resolve("j.db").toString(), "-o", out.toString()};
        Process child = new ProcessBuilder(Child.command(List.of("/usr/bin/prlimit", "--fsize=" + limit, "--"), Child.sqliteLibrary(dir), args))
                .redirectInput(NO_INPUT).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(Child.read(err)).isEqualTo("fanout: error writing " + out + ": File too large\n");
        assertThat(child.exitValue()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(Files.size(out)).isLessThanOrEqualTo(limit);

        CliRun resumed = CliRun.of(args);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
        assertEveryRecordOnce(out, inputs);
    }

    /** Makes {@code file} unwritable, even for root where possible; returns the reason a write then fails with. */
    private static String makeReadOnly(Path file) throws Exception {
        if (run("chattr", "+i", file.toString())) {
            return "Operation not permitted"; // immutable: EPERM, for root too
        }
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "chattr +i is not available and root ignores permission bits: skipped");
        assertThat(file.toFile().setWritable(false)).isTrue();
        return "Permission denied";
    }

    private static void writable(Path file) throws Exception {
        run("chattr", "-i", file.toString());
        file.toFile().setWritable(true);
    }

    private static boolean run(String... command) throws Exception {
        try {
            // stdin from /dev/null: a pipe to the child would stay open in this JVM, and the leak check counts it
            Process p = new ProcessBuilder(command).redirectInput(NO_INPUT).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such command
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
