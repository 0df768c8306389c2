package dev.fanout.internal.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The rules of {@link LearnedRate}, driven answer by answer on a made-up clock. */
class LearnedRateTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final long T0 = 5 * SECOND;

    private final LearnedRate learned = new LearnedRate();

    /** {@code n} requests sent at {@code from} and answered evenly over {@code span}, all let through. */
    private void burst(int n, long from, long span) {
        for (int i = 0; i < n; i++) {
            learned.started(from);
        }
        for (int i = 0; i < n; i++) {
            learned.accepted(from, from + span * (i + 1) / n);
        }
    }

    /** Starts per second from {@code at}, each request started as soon as it may. */
    private double paceFrom(long at, int starts) {
        long first = learned.resumeAt(at);
        long t = first;
        for (int i = 0; i < starts; i++) {
            t = learned.resumeAt(t);
            learned.started(t);
        }
        return (starts - 1) * 1e9 / (t - first);
    }

    private double rate() {
        String d = learned.describe();
        return Double.parseDouble(d.substring("learned ".length(), d.indexOf(" req/s")));
    }

    @Test
    void nothingIsPacedBeforeTheFirstRefusal() {
        burst(500, T0, 100 * MS);
        assertThat(learned.learned()).isFalse();
        assertThat(learned.resumeAt(T0 + SECOND)).isEqualTo(T0 + SECOND);
    }

    @Test
    void aBurstLetThroughThenRefusedStartsAt95PercentOfWhatTheWindowAllowed() {
        burst(200, T0, 10 * MS);
        learned.refused(T0, SECOND, T0 + 10 * MS);
        // 200 let through, the window resetting within 1 s: 200/s at most, 198/s at least; 95% of the bound
        assertThat(rate()).isCloseTo(190, within(1.0));
        assertThat(paceFrom(T0 + SECOND, 50)).isCloseTo(190, within(2.0));
    }

    @Test
    void answersToRequestsSentBeforeTheRefusalStillCount() {
        burst(120, T0, 10 * MS);
        learned.refused(T0, SECOND, T0 + 10 * MS);
        assertThat(rate()).isCloseTo(114, within(1.0));
        for (int i = 0; i < 80; i++) {
            learned.accepted(T0, T0 + 11 * MS);
        }
        assertThat(rate()).isCloseTo(190, within(1.0));
    }

    @Test
    void aSlowFirstBurstStartsLowAndGrowsQuicklyUpToTheBound() {
        burst(200, T0, SECOND); // answered over a whole second: perhaps two windows' worth
        learned.refused(T0, SECOND, T0 + SECOND);
        assertThat(rate()).isCloseTo(100, within(1.0));
        // 10% a second: about 1.1× after a second's worth of answers, then on up to 190 and more slowly beyond
        long t = T0 + 2 * SECOND;
        for (int i = 0; i < 100; i++) {
            learned.started(t);
            learned.accepted(t, t + MS);
        }
        assertThat(rate()).isCloseTo(110, within(1.0));
        for (int i = 0; i < 1500; i++) {
            learned.started(t);
            learned.accepted(t, t + MS);
        }
        assertThat(rate()).isBetween(190.0, 192.0);
    }

    @Test
    void oneOvershootIsOneCut() {
        burst(200, T0, 10 * MS);
        learned.refused(T0, SECOND, T0 + 10 * MS);
        long t = T0 + 5 * SECOND;
        learned.started(t);
        learned.refused(t, SECOND, t + MS);
        assertThat(learned.describe()).contains("2 cuts");
        double after = rate();
        // refusals of requests sent before that cut are old news
        learned.refused(t, SECOND, t + 2 * MS);
        learned.refused(t + MS / 2, SECOND, t + 3 * MS);
        assertThat(learned.describe()).contains("2 cuts");
        assertThat(rate()).isEqualTo(after);
    }

    @Test
    void aRateThatRanForWindowsIsCutTo85PercentAndRegrowsQuicklyTo95() {
        burst(200, T0, 10 * MS);
        learned.refused(T0, SECOND, T0 + 10 * MS);
        long t = T0 + SECOND;
        for (int i = 0; i < 600; i++) { // three seconds at 190/s, growing slowly
            learned.started(t);
            learned.accepted(t, t + MS);
            t += 5 * MS;
        }
        double refused = rate();
        learned.refused(t, SECOND, t + MS);
        assertThat(rate()).isCloseTo(0.85 * refused, within(1.0));
        for (int i = 0; i < 300; i++) {
            learned.started(t + SECOND);
            learned.accepted(t + SECOND, t + SECOND + MS);
        }
        assertThat(rate()).isCloseTo(0.95 * refused, within(1.5));
    }

    @Test
    void aRefusalWithinAWindowOfThePauseCountsWhatThatWindowLetThrough() {
        // a first burst that counted two windows: 400 let through in 100 ms
        burst(400, T0, 100 * MS);
        learned.refused(T0, SECOND, T0 + 100 * MS);
        assertThat(rate()).isGreaterThan(350);
        // after the pause: 200 let through in half a second, then refused
        long t = T0 + 1200 * MS;
        for (int i = 0; i < 200; i++) {
            learned.started(t);
            learned.accepted(t, t + MS);
            t += 2500 * 1000;
        }
        learned.refused(t, SECOND, t + MS);
        assertThat(rate()).isCloseTo(0.85 * 200, within(1.0));
    }

    @Test
    void nothingLetThroughTeachesNoRateUntilItHappensTwice() {
        learned.started(T0);
        learned.refused(T0, SECOND, T0 + MS);
        assertThat(learned.learned()).isFalse();
        // after the pause the requests measure again: a burst let through, then a refusal
        burst(200, T0 + SECOND, 10 * MS);
        learned.refused(T0 + SECOND, SECOND, T0 + SECOND + 10 * MS);
        assertThat(rate()).isCloseTo(190, within(1.0));
    }

    @Test
    void twiceNothingLetThroughStartsSlowestAndDoubles() {
        learned.started(T0);
        learned.refused(T0, SECOND, T0 + MS);
        learned.started(T0 + SECOND);
        learned.refused(T0 + SECOND, SECOND, T0 + SECOND + MS);
        assertThat(learned.learned()).isTrue();
        long t = T0 + 3 * SECOND;
        learned.started(t);
        assertThat(learned.resumeAt(t)).as("one start every 2 s").isEqualTo(t + 2 * SECOND);
        for (int i = 0; i < 20; i++) {
            learned.started(t);
            learned.accepted(t, t + MS);
        }
        // no bound above: each answer adds its share of a doubling every 0.7 s (1/s per answer)
        assertThat(rate()).isCloseTo(20.5, within(0.5));
    }

    @Test
    void afterAPauseStartsAreSpacedFromTheFirstNotCaughtUp() {
        burst(200, T0, 10 * MS);
        learned.refused(T0, SECOND, T0 + 10 * MS);
        long resume = T0 + 3 * SECOND;
        long first = learned.resumeAt(resume);
        learned.started(first);
        assertThat(learned.resumeAt(first)).isGreaterThanOrEqualTo(first + 5 * MS);
    }
}
