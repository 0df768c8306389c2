package dev.fanout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry decisions with a fixed clock and random source: no network. */
class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final RandomGenerator NO_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };
    private static final Request GET = Request.get("http://a.test/");
    private static final Request POST = Request.of("POST", "http://a.test/", "x");

    private static Outcome status(Request r, int code, String... headers) {
        return Outcome.builder(r).status(code).headers(Headers.of(headers)).build();
    }

    private static Outcome failed(Request r, FailureKind kind, boolean sent) {
        return Outcome.builder(r).failure(new Failure(kind, "m", sent)).build();
    }

    @Test
    void retriesTheDefaultStatusesAndTransportFailuresWithinTheBudget() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(p.delayNanos(status(GET, 503), 1, NOW, NO_JITTER)).isEqualTo(200_000_000L);
        assertThat(p.delayNanos(status(GET, 429), 2, NOW, NO_JITTER)).isEqualTo(400_000_000L);
        assertThat(p.delayNanos(failed(GET, FailureKind.RESET, true), 3, NOW, NO_JITTER)).isEqualTo(800_000_000L);
        assertThat(p.delayNanos(status(GET, 503), 4, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
    }

    @Test
    void doesNotRetrySuccessesClientErrorsOrPermanentFailures() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(p.delayNanos(status(GET, 200), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(p.delayNanos(status(GET, 404), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(p.delayNanos(status(GET, 500), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(p.delayNanos(failed(GET, FailureKind.TLS, false), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(p.delayNanos(failed(GET, FailureKind.INVALID_URL, false), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
    }

    @Test
    void aPostIsRetriedOnlyWhenNothingReachedTheServerUnlessUnsafeRetriesAreAllowed() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(p.delayNanos(failed(POST, FailureKind.CONNECT, false), 1, NOW, NO_JITTER)).isPositive();
        assertThat(p.delayNanos(failed(POST, FailureKind.RESET, true), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(p.delayNanos(status(POST, 503), 1, NOW, NO_JITTER)).isEqualTo(RetryPolicy.NO_RETRY);
        RetryPolicy unsafe = p.withRetryUnsafe(true);
        assertThat(unsafe.delayNanos(failed(POST, FailureKind.RESET, true), 1, NOW, NO_JITTER)).isPositive();
        assertThat(unsafe.delayNanos(status(POST, 503), 1, NOW, NO_JITTER)).isPositive();
    }

    @Test
    void retryAfterInSecondsOrAsADateReplacesTheBackoffAndIsClamped() {
        RetryPolicy p = RetryPolicy.DEFAULT.withMaxRetryWait(Duration.ofSeconds(30));
        assertThat(p.delayNanos(status(GET, 429, "Retry-After", "7"), 1, NOW, NO_JITTER)).isEqualTo(7_000_000_000L);
        assertThat(p.delayNanos(status(GET, 503, "Retry-After", "Sun, 22 Nov 2026 12:00:05 GMT"), 1, NOW, NO_JITTER))
                .isEqualTo(5_000_000_000L);
        assertThat(p.delayNanos(status(GET, 429, "Retry-After", "3600"), 1, NOW, NO_JITTER)).isEqualTo(30_000_000_000L);
        assertThat(p.delayNanos(status(GET, 429, "Retry-After", "soon"), 1, NOW, NO_JITTER)).isEqualTo(200_000_000L);
    }

    @Test
    void retryOnListsTakeCodesClassesAndFailureKinds() {
        RetryPolicy p = RetryPolicy.DEFAULT.withRetryOn("500, 4xx,timeout");
        assertThat(p.statuses()).contains(500, 400, 429, 499).doesNotContain(503);
        assertThat(p.failures()).containsExactly(FailureKind.TIMEOUT);
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withRetryOn("503,sometimes"))
                .hasMessageContaining("'sometimes' is neither a status");
    }

    @Test
    void backoffGrowsIsCappedAndJitterOnlyShortens() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0.5);
        assertThat(b.delayNanos(1, NO_JITTER)).isEqualTo(100_000_000L);
        assertThat(b.delayNanos(4, NO_JITTER)).isEqualTo(800_000_000L);
        assertThat(b.delayNanos(10, NO_JITTER)).isEqualTo(1_000_000_000L);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(b.delayNanos(2, random)).isBetween(100_000_000L, 200_000_000L);
        }
    }
}
