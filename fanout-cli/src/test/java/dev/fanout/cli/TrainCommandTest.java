package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training run the full AOT cache is recorded from completes, HTTPS and the README's jobs included: its servers
 * run in a child JVM and a failed HTTPS run fails it (the launcher then records no cache and says so).
 */
class TrainCommandTest {
    @Test
    void theTrainingRunCompletesHttpsAndJobsIncluded() {
        CliRun run = CliRun.of("_train", "--https", "--jobs");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }
}
