package dev.fanout.internal.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongFunction;

import static dev.fanout.internal.engine.QuotaRun.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15's case in virtual time ({@link QuotaRun}): 2,000 requests at concurrency 300 to a host that allows
 * 200 a second and says only 429 + {@code Retry-After: 1}, its windows' edges at ten points of the first second,
 * on an idle machine, on a loaded one (a slow first burst, late legs), and with a burst that runs across a
 * window's edge. Every request is answered; of what was sent before a rate was learned (blind) at most C are
 * refused, of what was sent after, a handful per window; the run takes at most 1.3× the 10 s the quota allows.
 */
class LearnedRateRunTest {
    private static final int N = 2000;
    private static final int C = 300;
    private static final int PER_SECOND = 200;
    private static final int RUNS = 10;
    private static final int HANDFUL = 5;

    private static void meetsTheGoal(LongFunction<QuotaRun.Quota> quotaAtPhase, QuotaRun.Machine machine, double slowest) {
        meetsTheGoal(quotaAtPhase, machine, slowest, 1);
    }

    /** {@code blindBursts}: how many bursts are sent before a rate is learned, each refused at most C times. */
    private static void meetsTheGoal(LongFunction<QuotaRun.Quota> quotaAtPhase, QuotaRun.Machine machine, double slowest,
                                     int blindBursts) {
        List<QuotaRun.Result> runs = QuotaRun.runs(RUNS, quotaAtPhase, machine, N, C);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.answered()).as(r.toString()).isEqualTo(N);
            assertThat(r.blindRefusals()).as("refused of what was sent blind: %s", r).isLessThanOrEqualTo((long) blindBursts * C);
            assertThat(r.mostInAWindow()).as("refused in a window after it: %s", r).isLessThanOrEqualTo(HANDFUL);
            assertThat(r.later()).as("refused after it: %s", r).isLessThanOrEqualTo(2L * HANDFUL);
            assertThat(r.wallSeconds()).as(r.toString()).isLessThanOrEqualTo(slowest * N / PER_SECOND);
            assertThat(r.learned()).as(r.toString()).contains("learned");
        });
    }

    @Test
    void onAnIdleMachine() {
        meetsTheGoal(phase -> QuotaRun.fixedWindow(PER_SECOND, SECOND, phase), QuotaRun.Machine.IDLE, 1.1);
    }

    @Test
    void onALoadedMachine() {
        meetsTheGoal(phase -> QuotaRun.fixedWindow(PER_SECOND, SECOND, phase), QuotaRun.Machine.LOADED, 1.3);
    }

    @Test
    void whenTheFirstBurstRunsAcrossAWindowsEdge() {
        // the burst takes some 150 ms: the edge falls inside it, so that it counts two windows
        meetsTheGoal(phase -> QuotaRun.fixedWindow(PER_SECOND, SECOND, phase * 15 / 100), QuotaRun.Machine.BURSTY, 1.3);
    }

    /**
     * The first refusal comes before anything is let through, which teaches no rate: the requests after its
     * pause are sent blind once more, to measure. The quota allows 10 s from the first window's end.
     */
    @Test
    void whenTheQuotaWasSpentBeforeTheRunBegan() {
        meetsTheGoal(phase -> QuotaRun.fixedWindow(PER_SECOND, SECOND, phase, true), QuotaRun.Machine.IDLE,
                1.3 + 1.0 * PER_SECOND / N, 2);
    }

    @Test
    void againstATokenBucket() {
        meetsTheGoal(phase -> QuotaRun.tokenBucket(PER_SECOND, PER_SECOND), QuotaRun.Machine.IDLE, 1.1);
    }

    /**
     * A strict limiter (50/s, 2 at once, as nginx's {@code limit_req} without burst): too little gets through
     * before the first refusal to bound the rate, so it is found by doubling from what did. Every request is
     * answered, with a handful of refusals after the first burst, in under twice the quota's time.
     */
    @Test
    void againstAStrictLimiter() {
        List<QuotaRun.Result> runs = QuotaRun.runs(3, phase -> QuotaRun.tokenBucket(50, 2), QuotaRun.Machine.IDLE, 500, C);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.answered()).as(r.toString()).isEqualTo(500);
            assertThat(r.later()).as(r.toString()).isLessThanOrEqualTo(HANDFUL);
            assertThat(r.wallSeconds()).as(r.toString()).isLessThan(2.0 * 500 / 50);
        });
    }
}
