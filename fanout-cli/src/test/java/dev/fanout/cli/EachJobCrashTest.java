package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.Places;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of {@code --each} under {@code --job}: a child {@code fanout get} writing several records per
 * input is killed with SIGKILL at a random moment, the same command is run again to the end, and then every
 * item of every page is in the output exactly once — a page is never left in part, nor written twice.
 */
@ExtendWith(LeakCheckExtension.class)
class EachJobCrashTest {
    private static final int QUERIES = 200;
    private static final int PER_PAGE = 6;
    private static final int KILLS_PER_FORMAT = 2;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().latency(Duration.ofMillis(1)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "sqlite"})
    void killedAtRandomMomentsEveryItemEndsUpExactlyOnce(String format, @TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(format.hashCode() * 7L);
        for (int kill = 0; kill < KILLS_PER_FORMAT; kill++) {
            Path out = dir.resolve("items-" + kill + "." + format);
            String[] args = {"get", "-q", server.url("/places/textsearch/json?query=q{n}&pages=1&per=" + PER_PAGE), "-p", "n=1.." + QUERIES,
                    "--each", "$.results[*]", "-e", "name=@.name", "-c", "16",
                    "--job", dir.resolve("items-" + kill + ".job").toString(), "-o", out.toString()};
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= QUERIES; n++) {
                for (int i = 0; i < PER_PAGE; i++) {
                    expected.add(Places.name("q" + n, 1, i));
                }
            }
            killAtRandomThenResume(args, out, format, 1 + random.nextInt(QUERIES * PER_PAGE - 1), expected);
        }
    }

    /** The same for a paginated crawl ({@code --follow '$.next'}): the rerun continues the pages the job kept. */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "sqlite"})
    void aPaginatedCrawlKilledAtARandomMomentEndsWithEveryItemOnce(String format, @TempDir Path dir) throws Exception {
        int queries = 40;
        int pages = 3;
        int per = 4;
        List<String> args = new ArrayList<>(List.of("get", "-q", "--follow", "$.next", "--each", "$.results[*]",
                "-e", "name=@.name", "-c", "16", "--job", dir.resolve("crawl.job").toString()));
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= queries; n++) {
            args.add(server.url("/places/textsearch/json?query=c" + n + "&pages=" + pages + "&per=" + per));
            for (int page = 1; page <= pages; page++) {
                for (int i = 0; i < per; i++) {
                    expected.add(Places.name("c" + n, page, i));
                }
            }
        }
        Path out = dir.resolve("crawl." + format);
        args.addAll(List.of("-o", out.toString()));
        int target = 1 + new SplittableRandom(format.hashCode() * 13L).nextInt(expected.size() - 1);
        killAtRandomThenResume(args.toArray(new String[0]), out, format, target, expected);
    }

    private static void killAtRandomThenResume(String[] args, Path out, String format, int target, List<String> expected) throws Exception {
        Process child = JobCrashTest.startChild(out.getParent(), args);
        JobCrashTest.awaitRecords(child, out, format, target);
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        CliRun resumed = CliRun.of(args);
        assertThat(resumed.exitCode()).as("resume after a kill past %d records: %s", target, resumed.err()).isEqualTo(ExitCode.OK);
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, String> r : EachRecords.read(out, format)) {
            assertThat(r.get("status")).isEqualTo("200");
            seen.merge(r.get("name"), 1, Integer::sum);
        }
        assertThat(seen.keySet()).as("%s after a kill past ~%d records", out.getFileName(), target).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(seen.values()).as("each item once").containsOnly(1);
    }
}
