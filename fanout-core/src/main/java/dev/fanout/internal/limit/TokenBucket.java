package dev.fanout.internal.limit;

import dev.fanout.RateLimit;

/**
 * A token bucket for one {@link RateLimit}: holds at most {@code burst} tokens, refills at the rate, and a
 * request may start only by taking a whole token. Starts full. Time is passed in (nanoseconds from any fixed
 * origin, as {@link System#nanoTime()}), so the bucket can be driven by a test clock.
 *
 * <p>Not thread-safe: the owner serialises calls (the client's dispatcher does so under its lock).
 */
public final class TokenBucket {
    private final double nanosPerToken;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(RateLimit limit, long nowNanos) {
        this.nanosPerToken = 1e9 / limit.permitsPerSecond();
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Nanoseconds until a token is available; 0 when one is available now. Takes nothing. */
    public long waitNanos(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) * nanosPerToken);
    }

    /** Takes a token; call only after {@link #waitNanos} returned 0 for the same {@code nowNanos}. */
    public void take(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1.0) {
            throw new IllegalStateException("no token available");
        }
        tokens -= 1.0;
    }

    /** Takes a token if one is available now. */
    public boolean tryTake(long nowNanos) {
        if (waitNanos(nowNanos) > 0) {
            return false;
        }
        tokens -= 1.0;
        return true;
    }

    /** Whether the bucket is full, i.e. forgetting it would change nothing. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / nanosPerToken);
            lastNanos = nowNanos;
        }
    }
}
