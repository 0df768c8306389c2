package dev.fanout.cli.report;

/**
 * Records written per second over a run, in equal spans of a round width (0.1 s, 1 s, 5 s, 1 min…): the
 * narrowest that makes at most {@value #MAX_BUCKETS}.
 *
 * @param startMs  the start of the first span (Unix ms)
 * @param widthMs  each span's width
 * @param counts   records written in each span
 */
public record Throughput(long startMs, long widthMs, long[] counts) {
    static final int MAX_BUCKETS = 120;
    private static final long[] WIDTHS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
            900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000};

    /** Spans over {@code sortedTimes} (Unix ms, at least one). */
    public static Throughput of(long[] sortedTimes) {
        long first = sortedTimes[0];
        long span = sortedTimes[sortedTimes.length - 1] - first + 1;
        long width = WIDTHS[WIDTHS.length - 1];
        for (long w : WIDTHS) {
            if (span <= w * MAX_BUCKETS) {
                width = w;
                break;
            }
        }
        long start = first - first % width;
        int n = (int) ((sortedTimes[sortedTimes.length - 1] - start) / width + 1);
        long[] counts = new long[n];
        for (long t : sortedTimes) {
            counts[(int) ((t - start) / width)]++;
        }
        return new Throughput(start, width, counts);
    }

    /** Records per second in span {@code i}. */
    public double rate(int i) {
        return counts[i] * 1000.0 / widthMs;
    }

    /**
     * Records per second over the spans from the first record's to the last's: measured on the same grid as
     * {@link #peakRate()}, so it is never above it (an average over the exact first-to-last time was, for a
     * short or sparse run: 2 records 5 ms apart read 400/s beside a peak of 20/s over 0.1 s).
     */
    public double averageRate() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total * 1000.0 / (counts.length * widthMs);
    }

    /** The highest rate of any span. */
    public double peakRate() {
        double peak = 0;
        for (int i = 0; i < counts.length; i++) {
            peak = Math.max(peak, rate(i));
        }
        return peak;
    }
}
