package dev.fanout.cli.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a report says of a set of records (from a job file or an output file): totals, statuses, failures by
 * kind, retries by reason, latencies and when each record was written. Filled by one reader thread, then read.
 */
public final class ReportData {
    /** Latencies of responses in microseconds, up to an hour, three significant digits. */
    private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Long> retries = new TreeMap<>();
    /** Per proxy (as records name it, credentials redacted; "direct" for none): records, and those without a response. */
    private final Map<String, long[]> proxies = new TreeMap<>();
    private long[] times = new long[1024];
    private int timeCount;
    private long records;
    private long unreadable;
    private String firstUnreadable;

    /**
     * One record. Retries are attempts beyond the first that were not redirect hops; they are counted under the
     * reason the record gives for its last retried attempt (the record keeps only that one).
     *
     * @param status     the HTTP status, or null when there was no response
     * @param error      the failure kind when there was no response
     * @param finishedMs when the record was written (Unix ms), or 0 when the file does not say
     */
    public void add(Integer status, String error, double elapsedMs, int attempts, int redirects, String lastError, long finishedMs) {
        records++;
        if (status != null && status > 0) {
            statuses.merge(status, 1L, Long::sum);
            if (elapsedMs >= 0) { // latencies are of responses, as in the run's summary
                latencyMicros.recordValue(Math.min(latencyMicros.getHighestTrackableValue(), Math.max(1, Math.round(elapsedMs * 1000))));
            }
        } else {
            failures.merge(error == null || error.isEmpty() ? "unknown" : error, 1L, Long::sum);
        }
        int retried = attempts - 1 - Math.max(0, redirects);
        if (retried > 0) {
            retries.merge(reason(lastError), (long) retried, Long::sum);
        }
        if (finishedMs > 0) {
            if (timeCount == times.length) {
                times = Arrays.copyOf(times, timeCount * 2);
            }
            times[timeCount++] = finishedMs;
        }
    }

    /** A retry reason as the summary names it: a status code, or the failure kind that starts the message. */
    private static String reason(String lastError) {
        if (lastError == null) {
            return "unknown";
        }
        int end = 0;
        while (end < lastError.length() && (Character.isLetterOrDigit(lastError.charAt(end)) || lastError.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? "unknown" : lastError.substring(0, end);
    }

    /**
     * The proxy a record went through, for a file whose records name one ({@code proxy}); null or empty when the
     * request went direct. Call after {@link #add} with whether that record got a response.
     */
    public void proxy(String proxy, boolean response) {
        long[] n = proxies.computeIfAbsent(proxy == null || proxy.isEmpty() ? "direct" : proxy, k -> new long[2]);
        n[0]++;
        if (!response) {
            n[1]++;
        }
    }

    /** Records per proxy: {records, failed}; empty when the records carry no proxy field. */
    public Map<String, long[]> proxies() {
        return proxies;
    }

    /** A line or row that was not a record; the report goes on and says how many there were. */
    public void unreadable(String where) {
        if (unreadable++ == 0) {
            firstUnreadable = where;
        }
    }

    public long records() {
        return records;
    }

    public long responses() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failed() {
        return records - responses();
    }

    public long unreadableCount() {
        return unreadable;
    }

    public String firstUnreadable() {
        return firstUnreadable;
    }

    public Map<Integer, Long> statuses() {
        return statuses;
    }

    /** Failure kinds, most frequent first. */
    public Map<String, Long> failures() {
        return byCount(failures);
    }

    /** Retries by reason, most frequent first. */
    public Map<String, Long> retries() {
        return byCount(retries);
    }

    public long retryCount() {
        return retries.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> byCount(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    public boolean hasLatencies() {
        return latencyMicros.getTotalCount() > 0;
    }

    public double latencyMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxLatencyMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }

    public double minLatencyMillis() {
        return latencyMicros.getMinValue() / 1000.0;
    }

    /**
     * How many latencies fall in each span between {@code edgesMs} (ascending): span i is [edges[i], edges[i+1]);
     * a latency below the first edge counts in the first span, one at or above the last in the last.
     */
    public long[] latencyCounts(double[] edgesMs) {
        long[] counts = new long[edgesMs.length - 1];
        for (HistogramIterationValue v : latencyMicros.recordedValues()) {
            double ms = latencyMicros.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            int i = Arrays.binarySearch(edgesMs, ms);
            int span = i >= 0 ? i : -i - 2;
            counts[Math.max(0, Math.min(counts.length - 1, span))] += v.getCountAtValueIteratedTo();
        }
        return counts;
    }

    /** Whether the records say when they were written (throughput over time needs it). */
    public boolean hasTimes() {
        return timeCount > 0;
    }

    /** The records' write times, sorted. */
    public long[] times() {
        long[] t = Arrays.copyOf(times, timeCount);
        Arrays.sort(t);
        return t;
    }
}
