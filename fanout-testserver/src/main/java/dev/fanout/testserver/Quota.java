package dev.fanout.testserver;

/**
 * A request-rate quota like an API key's: a token bucket of {@code perSecond} tokens, refilled continuously.
 * A request that finds it empty is refused (429). Thread-safe.
 */
final class Quota {
    private final double perSecond;
    private double tokens;
    private long lastNanos = System.nanoTime();

    Quota(double perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    /** Takes a token; returns 0 if one was there, else the whole seconds until one will be (for Retry-After). */
    synchronized long take() {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
}
