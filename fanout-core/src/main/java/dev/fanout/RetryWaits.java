package dev.fanout;

import java.time.Duration;

/**
 * Retries waiting for their time right now: a snapshot, for a progress display to say "waiting for Retry-After"
 * rather than look hung while nothing is in flight.
 *
 * @param waiting     attempts waiting on a timer before they are tried again
 * @param retryAfter  of those, how many wait because the server said when with {@code Retry-After}
 * @param longestLeft the longest of their waits still to go (zero when none waits)
 */
public record RetryWaits(int waiting, int retryAfter, Duration longestLeft) {
    public static final RetryWaits NONE = new RetryWaits(0, 0, Duration.ZERO);
}
