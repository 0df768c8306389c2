package dev.fanout;

/**
 * Settings of adaptive concurrency (AIMD): each host starts at {@code initial} requests in flight; the limit
 * grows by one per limit's worth of successful responses while latency holds (no sample slower than
 * {@code latencyTolerance} × the fastest seen), and is multiplied by {@code backoffRatio} when the host
 * pushes back (429, 503, a timeout or a reset), at most once per round trip.
 *
 * @param initial          the limit a host starts at
 * @param min              the limit never goes below this
 * @param max              nor above this
 * @param backoffRatio     factor applied on push-back, in (0, 1)
 * @param latencyTolerance how much slower than the fastest response a response may be for the limit to grow
 */
public record AdaptiveLimit(int initial, int min, int max, double backoffRatio, double latencyTolerance) {

    /** Start at 4, between 1 and 1,000, ×0.7 on push-back, grow while responses take under 3× the fastest. */
    public static final AdaptiveLimit DEFAULT = new AdaptiveLimit(4, 1, 1000, 0.7, 3.0);

    public AdaptiveLimit {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("adaptive limit needs 1 <= min <= initial <= max, got min=" + min
                    + " initial=" + initial + " max=" + max);
        }
        if (!(backoffRatio > 0 && backoffRatio < 1)) {
            throw new IllegalArgumentException("backoffRatio must be within (0, 1), got " + backoffRatio);
        }
        if (!(latencyTolerance >= 1)) {
            throw new IllegalArgumentException("latencyTolerance must be >= 1, got " + latencyTolerance);
        }
    }

    /** The same settings with a different upper bound (the client caps it at its per-host limit). */
    public AdaptiveLimit withMax(int newMax) {
        int m = Math.max(min, newMax);
        return new AdaptiveLimit(Math.min(initial, m), min, m, backoffRatio, latencyTolerance);
    }
}
