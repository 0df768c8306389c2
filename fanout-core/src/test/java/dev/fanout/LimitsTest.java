package dev.fanout;

import dev.fanout.internal.limit.AimdLimiter;
import dev.fanout.internal.limit.TokenBucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rate limits and the adaptive limiter, driven by a fake clock. */
class LimitsTest {
    private static final long MS = 1_000_000L;

    @Test
    void ratesParseInEveryDocumentedUnit() {
        assertThat(RateLimit.parse("50/s").permitsPerSecond()).isEqualTo(50.0);
        assertThat(RateLimit.parse("600/m").permitsPerSecond()).isEqualTo(10.0);
        assertThat(RateLimit.parse("7200/h").permitsPerSecond()).isEqualTo(2.0);
        assertThat(RateLimit.parse("2.5").permitsPerSecond()).isEqualTo(2.5);
        assertThat(RateLimit.parse("30/m")).hasToString("30/m");
        assertThatThrownBy(() -> RateLimit.parse("50/d")).hasMessageContaining("unit must be /s, /m or /h");
        assertThatThrownBy(() -> RateLimit.parse("fast/s")).hasMessageContaining("'fast/s' is not a number");
        assertThatThrownBy(() -> RateLimit.parse("0/s")).hasMessageContaining("must be positive");
    }

    @Test
    void aBucketStartsFullRefillsAtTheRateAndNeverHoldsMoreThanItsSize() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(10).withBurst(2), 0);
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.waitNanos(0)).isEqualTo(100 * MS);
        assertThat(b.waitNanos(60 * MS)).isEqualTo(40 * MS);
        assertThat(b.tryTake(100 * MS)).isTrue();
        // a long quiet spell refills only up to the bucket's size
        long later = 10_000 * MS;
        assertThat(b.tryTake(later)).isTrue();
        assertThat(b.tryTake(later)).isTrue();
        assertThat(b.tryTake(later)).isFalse();
    }

    @Test
    void overAnyWindowStartsNeverExceedRateTimesWindowPlusBurst() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(50), 0);
        int taken = 0;
        for (long t = 0; t <= 1_000 * MS; t += MS / 10) {
            if (b.tryTake(t)) {
                taken++;
            }
        }
        assertThat(taken).isBetween(50, 51);
    }

    @Test
    void aimdGrowsByAboutOnePerWindowAndHoldsWhenLatencyRises() {
        AimdLimiter l = new AimdLimiter(new AdaptiveLimit(4, 1, 100, 0.5, 2.0));
        long now = 0;
        for (int i = 0; i < 5; i++) {
            l.onSample(10 * MS, false, 4, now += MS);
        }
        assertThat(l.limit()).isEqualTo(5);
        int before = l.limit();
        for (int i = 0; i < 50; i++) {
            l.onSample(50 * MS, false, before, now += MS); // 5× the fastest: latency does not hold
        }
        assertThat(l.limit()).isEqualTo(before);
    }

    @Test
    void aimdDoesNotGrowALimitThatIsNotUsed() {
        AimdLimiter l = new AimdLimiter(new AdaptiveLimit(10, 1, 100, 0.5, 2.0));
        for (int i = 0; i < 100; i++) {
            l.onSample(10 * MS, false, 1, i * MS);
        }
        assertThat(l.limit()).isEqualTo(10);
    }

    @Test
    void aimdCutsMultiplicativelyButNotBelowTheMinimum() {
        AimdLimiter l = new AimdLimiter(new AdaptiveLimit(8, 3, 100, 0.5, 2.0));
        l.onSample(10 * MS, true, 8, 100 * MS);
        assertThat(l.limit()).isEqualTo(4);
        l.onSample(10 * MS, true, 8, 200 * MS);
        assertThat(l.limit()).isEqualTo(3);
        assertThat(l.decreases()).isEqualTo(2);
        assertThat(l.lowest()).isEqualTo(3);
    }
}
