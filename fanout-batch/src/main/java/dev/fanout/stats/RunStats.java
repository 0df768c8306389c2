package dev.fanout.stats;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals of a run: outcomes by failure kind and by status, bytes, and the latency distribution of responses
 * (HdrHistogram, microsecond resolution, 3 significant digits).
 *
 * <p>{@link #record} is called by one thread (the one consuming outcomes); the counters behind
 * {@link #done()} and {@link #failed()} may be read by any thread, e.g. a progress display.
 */
public final class RunStats {
    private final long startNanos = System.nanoTime();
    private final Histogram latencyMicros = new Histogram(3);
    private final EnumMap<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
    private final int[] statuses = new int[1000];
    private volatile long done;
    private volatile long failed;
    private long bytes;
    private long endNanos;

    /** Totals of a run that starts now. */
    public RunStats() {
    }

    public void record(Outcome o) {
        if (o.hasResponse()) {
            int s = o.status();
            statuses[s >= 0 && s < statuses.length ? s : 0]++;
            latencyMicros.recordValue(Math.max(1, o.elapsedNanos() / 1000));
        } else {
            failures.merge(o.failure().kind(), 1L, Long::sum);
            failed = failed + 1;
        }
        bytes += o.bytes();
        done = done + 1;
    }

    /** Marks the end of the run (for the rate); otherwise now is used. */
    public void finish() {
        endNanos = System.nanoTime();
    }

    public long done() {
        return done;
    }

    public long failed() {
        return failed;
    }

    public long responses() {
        return done - failed;
    }

    public long bytes() {
        return bytes;
    }

    public double elapsedSeconds() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return (end - startNanos) / 1e9;
    }

    public double requestsPerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? done / s : 0;
    }

    /** Failures by kind, most frequent kinds first is left to the caller. */
    public Map<FailureKind, Long> failuresByKind() {
        return new EnumMap<>(failures);
    }

    /** Response counts by status, in status order. */
    public Map<Integer, Integer> statusCounts() {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int s = 0; s < statuses.length; s++) {
            if (statuses[s] > 0) {
                out.put(s, statuses[s]);
            }
        }
        return out;
    }

    /** Latency of responses at {@code percentile} (0–100), in milliseconds; 0 when there were none. */
    public double latencyMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxLatencyMillis() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}
