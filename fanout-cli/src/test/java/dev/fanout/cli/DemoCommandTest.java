package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LeakCheckExtension.class)
class DemoCommandTest {
    @Test
    void demoRunsBothWaysAndShowsTheSpeedup() {
        CliRun run = CliRun.of("demo", "-n", "40", "-c", "20", "--crawl", "0", "--latency", "50ms");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("one at a time (c=1)", "concurrently (c=20)", "wall time", "speedup");
        String speedupLine = run.out().lines().filter(l -> l.startsWith("speedup")).findFirst().orElseThrow();
        double speedup = Double.parseDouble(speedupLine.replaceAll(".*\\s([0-9.]+)×\\s*$", "$1"));
        // 40 requests of ~50 ms: ~2 s one at a time against ~0.1 s at c=20
        assertThat(speedup).isGreaterThan(4);
        assertThat(run.out()).containsPattern("200 OK\\s+40\\s+40\\n");
        assertThat(run.out()).doesNotContain("Crawl:");
        // the table is the output (`fanout demo > f` keeps it); stderr says what runs
        assertThat(run.err()).contains("one at a time (c=1)…", "concurrently (c=20)…").doesNotContain("wall time", "speedup");
    }

    @Test
    void demoCrawlsTheCommentTreeBothWays() {
        CliRun run = CliRun.of("demo", "-n", "10", "-c", "20", "--crawl", "60", "--latency", "20ms");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Crawl: 3 top stories and every comment below them");
        // both runs of the crawl fetched all 60 items of the tree, all 200
        assertThat(run.out()).containsPattern("requests\\s+60\\s+60\\n").containsPattern("200 OK\\s+60\\s+60\\n");
        List<String> speedups = run.out().lines().filter(l -> l.startsWith("speedup")).toList();
        assertThat(speedups).hasSize(2);
        double crawlSpeedup = Double.parseDouble(speedups.get(1).replaceAll(".*\\s([0-9.]+)×\\s*$", "$1"));
        // 60 items of ~20 ms one at a time (~1.2 s) against a tree a dozen levels deep at most
        assertThat(crawlSpeedup).isGreaterThan(2);
    }
}
