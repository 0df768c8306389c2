package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training run the AOT cache is recorded from completes, HTTPS included: its servers run in a child JVM and
 * a failed HTTPS run fails it (the launcher then records no cache and says so).
 */
class TrainCommandTest {
    @Test
    void theTrainingRunCompletesHttpsIncluded() {
        CliRun run = CliRun.of("_train", "--https");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }
}
