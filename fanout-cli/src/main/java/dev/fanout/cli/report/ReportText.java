package dev.fanout.cli.report;


import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The report as text, in the shape of {@code fanout get}'s summary. */
public final class ReportText {
    static final double[] PERCENTILES = {50, 90, 99, 99.9};
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ReportText() {
    }

    public static void print(PrintStream out, String file, ReportReader.Read read) {
        ReportData d = read.data();
        out.println("report: " + file + " (" + read.kind() + ")");
        if (read.description() != null) {
            out.println("  command: " + read.description());
        }
        StringBuilder line = new StringBuilder("  records ").append(Fmt.count(d.records())).append(" · responses ")
                .append(Fmt.count(d.responses())).append(" · failed ").append(Fmt.count(d.failed()));
        line.append(counts(d.failures(), " (", ")"));
        out.println(line);
        if (!d.statuses().isEmpty()) {
            StringBuilder st = new StringBuilder("  status");
            d.statuses().forEach((code, n) -> st.append("  ").append(code).append(": ").append(Fmt.count(n)));
            out.println(st);
            String errorStatuses = Failed.errorStatusLine(d.statuses());
            if (errorStatuses != null) {
                out.println(errorStatuses);
            }
        }
        out.println("  retries " + Fmt.count(d.retryCount()) + counts(d.retries(), " (", ")"));
        if (!d.proxies().isEmpty()) {
            StringBuilder px = new StringBuilder("  proxies");
            d.proxies().forEach((p, n) -> px.append("  ").append(p).append(": ").append(Fmt.count(n[0]))
                    .append(n[1] > 0 ? " (" + Fmt.count(n[1]) + " failed)" : ""));
            out.println(px);
        }
        if (d.hasLatencies()) {
            StringBuilder lat = new StringBuilder("  latency ms");
            for (double p : PERCENTILES) {
                lat.append("  p").append(percentileName(p)).append(' ').append(Fmt.millis(d.latencyMillis(p)));
            }
            out.println(lat.append("  max ").append(Fmt.millis(d.maxLatencyMillis())));
        }
        if (d.records() == 0) {
            out.println("  no records");
        } else if (d.hasTimes()) {
            long[] t = d.times();
            Throughput tp = Throughput.of(t);
            out.println("  throughput " + Fmt.rate(tp.averageRate()) + " records/s from " + TIME.format(Instant.ofEpochMilli(t[0])) + " to " + TIME.format(Instant.ofEpochMilli(t[t.length - 1]))
                    + "; peak " + Fmt.rate(tp.peakRate()) + "/s over " + span(tp.widthMs()));
        } else {
            out.println("  throughput: the records do not say when they were written (made by an older fanout)");
        }
        if (d.unreadableCount() > 0) {
            out.println("  skipped " + Fmt.count(d.unreadableCount()) + " that are not records (first: " + d.firstUnreadable() + ")");
        }
    }

    static String percentileName(double p) {
        return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
    }

    private static String counts(Map<String, Long> counts, String open, String close) {
        StringJoiner j = new StringJoiner(", ", open, close);
        j.setEmptyValue("");
        counts.forEach((k, v) -> j.add(k + " " + Fmt.count(v)));
        return j.toString();
    }

    static String span(long ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : ms < 60_000 ? ms / 1000 + " s" : ms < 3_600_000 ? ms / 60_000 + " min" : ms / 3_600_000 + " h";
    }
}
