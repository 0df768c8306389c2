package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of {@code --job}: a child {@code fanout get} is killed with SIGKILL at a random moment of its run
 * — seven times per output format, 21 kills in all — and after each kill the same command, run again to the
 * end, must leave the output with every input's record exactly once: none lost, none twice.
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(300) // each method kills and resumes child runs several times: up to a minute on a loaded machine
class JobCrashTest {
    private static final int INPUTS = 4000;
    private static final int KILLS_PER_FORMAT = 7;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CRAWL_KILLS_PER_FORMAT = 3;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().latency(Duration.ofMillis(1)).hnTree(3000, 60).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "sqlite"})
    void killedAtRandomMomentsEveryInputEndsUpExactlyOnce(String format, @TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(format.hashCode());
        for (int kill = 0; kill < KILLS_PER_FORMAT; kill++) {
            Path job = dir.resolve("job-" + kill + ".db");
            Path out = dir.resolve("out-" + kill + "." + format);
            String[] args = {"get", "-q", server.url("/items/{id}"), "-p", "id=1.." + INPUTS, "-c", "16",
                    "--job", job.toString(), "-o", out.toString()};

            killAtRandomThenResume(args, out, format, 1 + random.nextInt(INPUTS - INPUTS / 10), INPUTS);
        }
    }

    /**
     * The same for a crawl (topstories, then every comment by its kids): after each kill the rerun continues the
     * frontier the job kept, and the output ends with every item of the tree exactly once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "sqlite"})
    void aCrawlKilledAtRandomMomentsEndsWithEveryItemExactlyOnce(String format, @TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(format.hashCode() * 31L);
        int items = 1 + server.hnTree().size(); // topstories.json and every item
        for (int kill = 0; kill < CRAWL_KILLS_PER_FORMAT; kill++) {
            Path job = dir.resolve("crawl-" + kill + ".db");
            Path out = dir.resolve("crawl-" + kill + "." + format);
            String[] args = {"get", "-q", server.url("/v0/topstories.json"), "--follow", "$[0:]", "--follow", "$.kids[*]",
                    "--follow-template", server.url("/v0/item/{}.json"), "-H", "Authorization: Bearer t0ken", "-c", "16",
                    "--job", job.toString(), "-o", out.toString()};

            killAtRandomThenResume(args, out, format, 1 + random.nextInt(items - items / 10), items);
        }
    }

    /**
     * Runs {@code args} in a child JVM, kills it (SIGKILL: no shutdown hook, no flush) once the output holds
     * {@code target} records (at most 90% of them, so that the kill finds it running: checked), runs the same
     * command to the end and checks every one of {@code expected} URLs has exactly one record.
     */
    private static void killAtRandomThenResume(String[] args, Path out, String format, int target, int expected) throws Exception {
        Process child = startChild(out.getParent(), args);
        awaitRecords(child, out, format, target);
        assertThat(child.isAlive()).as("the run is still going when killed past %d records (else the kill tests nothing)", target).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("ended by the kill (128 + SIGKILL), not by finishing first").isEqualTo(137);

        CliRun resumed = CliRun.of(args);
        assertThat(resumed.exitCode()).as("resume after a kill past %d records: %s", target, resumed.err()).isEqualTo(ExitCode.OK);
        Map<String, Integer> seen = urls(out, format);
        assertThat(seen).as("%s after a kill past ~%d records", out.getFileName(), target).hasSize(expected);
        assertThat(seen.values()).as("each record once").containsOnly(1);
    }

    /**
     * {@code fanout ARGS} in a child JVM whose SQLite library is a copy in {@code dir}, as the launcher gives it
     * one: a killed child cannot delete the copy sqlite-jdbc would otherwise make in the temporary directory.
     */
    static Process startChild(Path dir, String[] args) throws IOException {
        List<String> cmd = Child.command(List.of(), Child.sqliteLibrary(Files.createDirectories(dir.resolve("natives"))), args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits (bounded) until the output holds {@code target} records or the child has ended. */
    static void awaitRecords(Process child, Path out, String format, int target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && count(out, format) < target) {
            Thread.onSpinWait();
            child.waitFor(2, TimeUnit.MILLISECONDS);
        }
    }

    static long count(Path out, String format) throws IOException {
        if (!Files.exists(out)) {
            return 0;
        }
        if (format.equals("sqlite")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out);
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM results")) {
                return r.next() ? r.getLong(1) : 0;
            } catch (SQLException e) {
                return 0; // not created yet
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(out);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // the run checks it can write -o by creating and removing it before it claims the file
        }
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** How often each input's URL appears among the output's records. */
    private static Map<String, Integer> urls(Path out, String format) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        switch (format) {
            case "jsonl" -> {
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    JsonNode r = JSON.readTree(line);
                    seen.merge(r.get("url").asText(), 1, Integer::sum);
                    assertThat(r.get("status").asInt()).isEqualTo(200);
                }
            }
            case "csv" -> {
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                assertThat(lines.get(0)).startsWith("url,");
                assertThat(lines.stream().filter(l -> l.startsWith("url,")).count()).as("one header").isEqualTo(1);
                int status = List.of(lines.get(0).split(",")).indexOf("status");
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",", -1); // no cell of these records holds a comma
                    seen.merge(cells[0], 1, Integer::sum);
                    assertThat(cells[status]).isEqualTo("200");
                }
            }
            default -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out);
                     Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT url, status FROM results")) {
                    while (r.next()) {
                        seen.merge(r.getString(1), 1, Integer::sum);
                        assertThat(r.getInt(2)).isEqualTo(200);
                    }
                }
            }
        }
        return seen;
    }
}
