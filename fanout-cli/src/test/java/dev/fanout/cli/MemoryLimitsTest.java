package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large bodies under a small heap, in a child JVM: every input still gets exactly one real record, bodies are
 * held within the memory budget (the summary says how much at most), and saved bodies go to disk as they
 * arrive. The bodies come from the test server's streaming route {@code /large/{bytes}}.
 */
class MemoryLimitsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final int MIB = 1 << 20;
    private static final Pattern MEMORY = Pattern.compile("memory: bodies held at most ([0-9.]+) MiB of the ([0-9.]+) MiB budget");


    @Test
    @Timeout(240)
    void sixtyBodiesOf20MiBWithExtractionUnderA256MiBHeap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        ChildRun run = ChildRun.run(List.of(), List.of("-Xmx256m"), dir.resolve("stdout"), 200,
                "get", server.url("/large/" + 20 * MIB + "?i={i}"), "-p", "i=1..60", "-e", "size=$.size", "-o", out.toString());

        assertThat(run.err()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = CliRun.records(out);
        assertThat(records).as("one record per input").hasSize(60);
        Set<String> inputs = new HashSet<>();
        for (JsonNode r : records) {
            assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(200);
            assertThat(r.get("fields").get("size").asLong()).as(r.toString()).isEqualTo(20L * MIB);
            inputs.add(r.get("params").get("i").asText());
        }
        assertThat(inputs).hasSize(60);
        Matcher m = MEMORY.matcher(run.err());
        assertThat(m.find()).as("the summary says how much memory bodies took: %s", run.err()).isTrue();
        double peak = Double.parseDouble(m.group(1));
        double budget = Double.parseDouble(m.group(2));
        assertThat(budget).as("a quarter of the heap").isBetween(50.0, 64.0);
        assertThat(peak).isLessThanOrEqualTo(budget).isGreaterThanOrEqualTo(20.0);
    }

    @Test
    @Timeout(180)
    void savedBodiesOf20MiBGoToDiskUnderA64MiBHeap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path saved = dir.resolve("bodies");
        ChildRun run = ChildRun.run(List.of(), List.of("-Xmx64m"), dir.resolve("stdout"), 150,
                "get", server.url("/large/" + 20 * MIB + "?i={i}"), "-p", "i=1..10", "--save-dir", saved.toString(),
                "-o", out.toString());

        assertThat(run.err()).doesNotContain("heap space").doesNotContain("internal");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = CliRun.records(out);
        assertThat(records).hasSize(10);
        for (JsonNode r : records) {
            assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(200);
            Path file = Path.of(r.get("saved").asText());
            assertThat(file.getParent()).isEqualTo(saved.toRealPath());
            assertThat(Files.size(file)).isEqualTo(20L * MIB);
        }
        try (Stream<Path> files = Files.list(saved)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(10).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aBodyLargerThanMaxMemoryIsTooLargeAndTheMessageSaysSo() {
        CliRun run = CliRun.of("get", server.url("/large/" + 2 * MIB), "-e", "size=$.size", "--max-memory", "1MiB", "--retries", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        JsonNode r = run.records().get(0);
        assertThat(r.get("error").asText()).isEqualTo("too_large");
        assertThat(r.get("message").asText()).contains("larger than the memory budget of 1048576 bytes").contains("--max-memory");
    }

    @Test
    void maxMemoryMustBeASize() {
        CliRun run = CliRun.of("get", server.url("/small"), "--max-memory", "lots");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--max-memory").contains("lots");
    }
}
