package dev.fanout.spark;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The split of cluster-wide limits: whatever runs at once, the shares add up to no more than the totals. */
class BudgetTest {

    @ParameterizedTest(name = "c={0} perHost={1} slots={2} partitions={3} executors={4}")
    @CsvSource({
            "100, 10, 4, 4, 0", "100, 10, 4, 4, 1", "64, 16, 2, 2, 0", "64, 3, 8, 200, 0", "7, 2, 16, 100, 0",
            "1000, 50, 400, 10000, 100", "10, 1, 4, 4, 2", "3, 0, 8, 8, 0"})
    void sharesRunningAtOnceNeverExceedTheTotals(int c, int perHost, int slots, int partitions, int executors) {
        Limits limits = new Limits(c, perHost, 50, perHost > 0 ? 20 : 0, 1);
        Budget b = Budget.split(limits, slots, partitions, executors);

        // at most min(slots, partitions) tasks run at once, each within its share
        int running = Math.min(b.slots(), b.partitions());
        assertThat((long) running * b.taskConcurrency()).isLessThanOrEqualTo(c);
        assertThat(running * b.taskRate()).isLessThanOrEqualTo(50.0 + 1e-9);
        assertThat(b.taskConcurrency()).isGreaterThanOrEqualTo(1);
        if (perHost > 0) {
            // a host's rows are in at most hostSpread partitions, so in at most that many executors at once
            int jvms = executors == 0 ? b.hostSpread() : Math.min(b.hostSpread(), executors);
            assertThat(b.hostSpread()).isLessThanOrEqualTo(perHost);
            assertThat(jvms * b.hostInFlight()).isBetween(1, perHost);
            assertThat(jvms * b.hostRate()).isLessThanOrEqualTo(20.0 + 1e-9);
        } else {
            assertThat(b.hostInFlight()).isZero();
        }
    }

    @Test
    void fewerRequestsInFlightThanSlotsMeansOnePartitionPerRequestInFlight() {
        Budget b = Budget.split(new Limits(3, 0, 0, 0, 1), 8, 100, 0);
        assertThat(b.partitions()).isEqualTo(3);
        assertThat(b.taskConcurrency()).isEqualTo(1);
    }

    @Test
    void oneExecutorHoldsEachHostsWholeBudget() {
        Budget b = Budget.split(new Limits(32, 8, 0, 0, 1), 2, 2, 1);
        assertThat(b.hostSpread()).isEqualTo(2);
        assertThat(b.hostInFlight()).isEqualTo(8);
    }
}
