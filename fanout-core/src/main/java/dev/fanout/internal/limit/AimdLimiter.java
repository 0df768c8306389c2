package dev.fanout.internal.limit;

import dev.fanout.AdaptiveLimit;

/**
 * The adaptive concurrency limit of one host (see {@link AdaptiveLimit}). Fed one sample per finished
 * attempt; time is passed in, so it can be driven by a test clock.
 *
 * <p>Not thread-safe: the owner serialises calls (the client's dispatcher does so under its lock).
 */
public final class AimdLimiter {
    /** Latencies below this are treated as equal: on loopback, 0.1 ms vs 0.4 ms is noise, not queueing. */
    private static final long LATENCY_FLOOR_NANOS = 1_000_000;

    private final AdaptiveLimit settings;
    private double limit;
    private long minRttNanos = Long.MAX_VALUE;
    private long lastDecreaseNanos;
    private boolean decreased;
    private int lowest;
    private int highest;
    private long decreases;

    public AimdLimiter(AdaptiveLimit settings) {
        this.settings = settings;
        this.limit = settings.initial();
        this.lowest = settings.initial();
        this.highest = settings.initial();
    }

    /** Requests this host may have in flight now. */
    public int limit() {
        return (int) limit;
    }

    /**
     * Records a finished attempt.
     *
     * @param rttNanos  how long it took
     * @param pushBack  whether the host pushed back (429/503, timeout, reset)
     * @param inFlight  requests in flight to the host when it finished (the limit grows only when it is used)
     * @param nowNanos  the current time
     */
    public void onSample(long rttNanos, boolean pushBack, int inFlight, long nowNanos) {
        if (pushBack) {
            // one cut per round trip: a burst of rejections caused by one overshoot counts once
            long window = Math.max(rttOrZero(), LATENCY_FLOOR_NANOS);
            if (!decreased || nowNanos - lastDecreaseNanos >= window) {
                limit = Math.max(settings.min(), Math.floor(limit * settings.backoffRatio()));
                lastDecreaseNanos = nowNanos;
                decreased = true;
                decreases++;
                lowest = Math.min(lowest, (int) limit);
            }
            return;
        }
        minRttNanos = Math.min(minRttNanos, rttNanos);
        boolean latencyHolds = rttNanos <= Math.max(minRttNanos, LATENCY_FLOOR_NANOS) * settings.latencyTolerance();
        boolean used = inFlight * 2 >= (int) limit;
        if (latencyHolds && used && limit < settings.max()) {
            limit = Math.min(settings.max(), limit + 1.0 / limit);
            highest = Math.max(highest, (int) limit);
        }
    }

    private long rttOrZero() {
        return minRttNanos == Long.MAX_VALUE ? 0 : minRttNanos;
    }

    /** The lowest limit reached after a cut. */
    public int lowest() {
        return lowest;
    }

    /** The highest limit reached. */
    public int highest() {
        return highest;
    }

    /** How many times the limit was cut. */
    public long decreases() {
        return decreases;
    }
}
