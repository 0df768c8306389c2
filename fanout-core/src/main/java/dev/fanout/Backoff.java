package dev.fanout;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits {@code initial × multiplier^(n-1)}, capped at
 * {@code max}, then shortened by a random share of up to {@code jitter} so that many requests that failed
 * together do not all come back together.
 *
 * @param initial    the wait before the first retry, before jitter
 * @param max        no wait is longer than this
 * @param multiplier growth per retry (≥ 1)
 * @param jitter     0 for none; 0.5 means each wait is uniformly between 50% and 100% of its nominal value
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** 200 ms, doubling, at most 10 s, jitter 0.5. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2.0, 0.5);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be within 0..1, got " + jitter);
        }
    }

    /** A backoff starting at {@code initial} with the default growth, cap and jitter. */
    public static Backoff startingAt(Duration initial) {
        Duration max = DEFAULT.max.compareTo(initial) >= 0 ? DEFAULT.max : initial;
        return new Backoff(initial, max, DEFAULT.multiplier, DEFAULT.jitter);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry), in nanoseconds.
     *
     * @param random the source of jitter; pass a seeded generator to make it reproducible
     */
    public long delayNanos(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        double nominal = initial.toNanos() * Math.pow(multiplier, retry - 1);
        double capped = Math.min(nominal, (double) max.toNanos());
        double shortened = jitter == 0 ? capped : capped * (1.0 - jitter * random.nextDouble());
        return (long) shortened;
    }
}
