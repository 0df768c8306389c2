package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code -c} far above the open-file limit, in a child started under {@code prlimit}: the run says so on stderr
 * before its first request, runs within the limit, and every input gets a real response — no record says
 * {@code internal} for want of a socket. Under a soft limit below the hard one, the JVM raises it (HotSpot does
 * on Linux), and nothing is capped.
 */
@Timeout(120)
class OpenFileLimitTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    @BeforeAll
    static void needsPrlimit() {
        assumeTrue(Files.isExecutable(PRLIMIT) && Files.exists(Path.of("/proc/self/limits")),
                "prlimit (util-linux) and /proc are needed to start a child under a low open-file limit");
    }


    private static void everyInputAnswered(List<JsonNode> records, int n) {
        assertThat(records).hasSize(n);
        Set<String> inputs = new HashSet<>();
        for (JsonNode r : records) {
            assertThat(r.get("error").isNull()).as(r.toString()).isTrue();
            assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(200);
            inputs.add(r.get("params").get("i").asText());
        }
        assertThat(inputs).hasSize(n);
    }

    @Test
    void concurrencyAboveTheLimitIsCappedWithAWarningAndEveryRecordIsReal(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        ChildRun run = ChildRun.run(List.of(PRLIMIT.toString(), "--nofile=256:256"), List.of(), dir.resolve("stdout"), 100,
                "get", server.url("/delay/20?i={i}"), "-p", "i=1..2000", "-c", "2000", "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("warning: -c 2,000 needs up to 2,000 open files (one socket each) but the open-file limit is 256")
                .contains("running with -c ");
        assertThat(run.err().indexOf("warning: -c")).as("before the summary").isLessThan(run.err().indexOf("requests in"));
        everyInputAnswered(CliRun.records(out), 2000);
    }

    @Test
    void aSoftLimitBelowTheHardOneIsRaisedAndNothingIsCapped(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        ChildRun run = ChildRun.run(List.of(PRLIMIT.toString(), "--nofile=256:8192"), List.of(), dir.resolve("stdout"), 100,
                "get", server.url("/delay/20?i={i}"), "-p", "i=1..1000", "-c", "1000", "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).doesNotContain("warning");
        everyInputAnswered(CliRun.records(out), 1000);
    }
}
