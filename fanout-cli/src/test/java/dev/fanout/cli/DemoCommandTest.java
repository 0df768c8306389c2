package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LeakCheckExtension.class)
class DemoCommandTest {
    @Test
    void demoRunsBothWaysAndShowsTheSpeedup() {
        CliRun run = CliRun.of("demo", "-n", "40", "-c", "20", "--latency", "50ms");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("one at a time (c=1)", "concurrently (c=20)", "wall time", "speedup");
        String speedupLine = run.err().lines().filter(l -> l.startsWith("speedup")).findFirst().orElseThrow();
        double speedup = Double.parseDouble(speedupLine.replaceAll(".*\\s([0-9.]+)×\\s*$", "$1"));
        // 40 requests of ~50 ms: ~2 s one at a time against ~0.1 s at c=20
        assertThat(speedup).isGreaterThan(4);
        assertThat(run.err()).containsPattern("200 OK\\s+40\\s+40\\n");
    }
}
