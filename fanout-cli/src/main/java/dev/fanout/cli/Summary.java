package dev.fanout.cli;

import dev.fanout.FailureKind;
import dev.fanout.stats.RunStats;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;

/** The end-of-run summary on stderr: totals, failures by kind, status counts, rate, latency percentiles. */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream err, RunStats s) {
        err.println("fanout: " + Fmt.count(s.done()) + " requests in " + Fmt.seconds(s.elapsedSeconds())
                + " (" + Fmt.rate(s.requestsPerSecond()) + " req/s)");
        StringBuilder line = new StringBuilder("  responses ").append(Fmt.count(s.responses()))
                .append(" · failed ").append(Fmt.count(s.failed()));
        Map<FailureKind, Long> failures = s.failuresByKind();
        if (!failures.isEmpty()) {
            StringJoiner kinds = new StringJoiner(", ", " (", ")");
            failures.entrySet().stream()
                    .sorted(Map.Entry.<FailureKind, Long>comparingByValue(Comparator.reverseOrder()))
                    .forEach(e -> kinds.add(e.getKey().wireName() + " " + Fmt.count(e.getValue())));
            line.append(kinds);
        }
        err.println(line);
        Map<Integer, Integer> statuses = s.statusCounts();
        if (!statuses.isEmpty()) {
            StringBuilder st = new StringBuilder("  status");
            statuses.forEach((code, n) -> st.append("  ").append(code).append(": ").append(Fmt.count(n)));
            err.println(st);
            err.println("  latency ms  p50 " + Fmt.millis(s.latencyMillis(50)) + "  p90 " + Fmt.millis(s.latencyMillis(90))
                    + "  p99 " + Fmt.millis(s.latencyMillis(99)) + "  max " + Fmt.millis(s.maxLatencyMillis()));
        }
    }
}
