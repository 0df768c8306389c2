package dev.fanout.spark;

import dev.fanout.RateLimit;

import java.io.Serializable;

/**
 * The limits of a job over the whole cluster, as a user states them: what the server sees in total.
 *
 * @param concurrency requests in flight at once over all hosts
 * @param perHost     requests in flight at once to one host (origin), or 0 for no limit beyond concurrency
 * @param rate        request starts per second over all hosts, or 0 for no limit
 * @param ratePerHost request starts per second to one host, or 0 for no limit
 * @param burst       how many starts a rate bucket allows back to back (1: evenly spaced)
 */
public record Limits(int concurrency, int perHost, double rate, double ratePerHost, int burst) implements Serializable {
    /** 100 in flight, nothing else limited: the command line's defaults. */
    public static final Limits DEFAULT = new Limits(100, 0, 0, 0, 1);

    public Limits {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (perHost < 0 || rate < 0 || ratePerHost < 0 || !Double.isFinite(rate) || !Double.isFinite(ratePerHost)) {
            throw new IllegalArgumentException("limits must be positive (0 = none)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
    }

    public Limits withConcurrency(int n) {
        return new Limits(n, perHost, rate, ratePerHost, burst);
    }

    public Limits withPerHost(int n) {
        return new Limits(concurrency, n, rate, ratePerHost, burst);
    }

    public Limits withRate(RateLimit r) {
        return new Limits(concurrency, perHost, r.permitsPerSecond(), ratePerHost, r.burst());
    }

    public Limits withRatePerHost(RateLimit r) {
        return new Limits(concurrency, perHost, rate, r.permitsPerSecond(), r.burst());
    }
}
