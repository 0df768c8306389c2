package dev.fanout.cli.report;


import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: tables, a latency histogram and a throughput-over-time chart,
 * drawn as inline SVG (no script, no fetch: it opens anywhere, offline, and prints).
 */
public final class ReportHtml {
    /** The histogram's bar colour and the throughput chart's: distinct, so that a test can find each drawn. */
    static final String LATENCY_COLOUR = "#4e79a7";
    static final String THROUGHPUT_COLOUR = "#f28e2b";
    private static final int W = 860;
    private static final int H = 260;
    private static final int LEFT = 64;
    private static final int BOTTOM = 40;
    private static final int TOP = 16;
    private static final int BUCKETS = 40;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private ReportHtml() {
    }

    public static String render(String file, ReportReader.Read read) {
        ReportData d = read.data();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fanout report: ").append(esc(file))
                .append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:940px}"
                        + "h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}"
                        + "td,th{padding:3px 12px 3px 0;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
                        + "code{background:#f3f3f3;padding:1px 4px}svg{display:block;margin:8px 0}"
                        + "svg text{font:11px system-ui,sans-serif;fill:#444}.axis{stroke:#999;stroke-width:1}</style></head><body>\n");
        h.append("<h1>fanout report: ").append(esc(file)).append("</h1>\n<p>").append(esc(read.kind()));
        if (read.description() != null) {
            h.append(" · <code>").append(esc(read.description())).append("</code>");
        }
        h.append("</p>\n<table id=\"totals\">");
        row(h, "records", d.records());
        row(h, "responses", d.responses());
        row(h, "failed", d.failed());
        row(h, "retries", d.retryCount());
        if (d.unreadableCount() > 0) {
            row(h, "not records (skipped)", d.unreadableCount());
        }
        h.append("</table>\n");
        if (!d.statuses().isEmpty()) {
            h.append("<h2>Status</h2>\n<table id=\"statuses\">");
            d.statuses().forEach((code, n) -> row(h, Integer.toString(code), n));
            h.append("</table>\n");
        }
        table(h, "Failures", "failures", d.failures());
        table(h, "Retries by reason", "retries", d.retries());
        if (d.hasLatencies()) {
            h.append("<h2>Latency</h2>\n<table id=\"percentiles\"><tr>");
            for (double p : ReportText.PERCENTILES) {
                h.append("<th>p").append(ReportText.percentileName(p)).append("</th>");
            }
            h.append("<th>max</th></tr><tr>");
            for (double p : ReportText.PERCENTILES) {
                h.append("<td class=\"n\">").append(Fmt.millis(d.latencyMillis(p))).append(" ms</td>");
            }
            h.append("<td class=\"n\">").append(Fmt.millis(d.maxLatencyMillis())).append(" ms</td></tr></table>\n");
            latencyChart(h, d);
        }
        h.append("<h2>Throughput over time</h2>\n");
        if (d.hasTimes()) {
            throughputChart(h, Throughput.of(d.times()));
        } else {
            h.append("<p>The records do not say when they were written (made by an older fanout).</p>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder h, String name, long n) {
        h.append("<tr><td>").append(esc(name)).append("</td><td class=\"n\">").append(Fmt.count(n)).append("</td></tr>");
    }

    private static void table(StringBuilder h, String title, String id, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        h.append("<h2>").append(title).append("</h2>\n<table id=\"").append(id).append("\">");
        counts.forEach((k, v) -> row(h, k, v));
        h.append("</table>\n");
    }

    /** Bars over log-spaced latency spans (linear when the latencies lie within a factor of 4). */
    private static void latencyChart(StringBuilder h, ReportData d) {
        double min = Math.max(0.001, d.minLatencyMillis());
        double max = Math.max(min * 1.001, d.maxLatencyMillis() * 1.0001);
        boolean log = max / min >= 4;
        double[] edges = new double[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            edges[i] = log ? min * Math.pow(max / min, (double) i / BUCKETS) : min + (max - min) * i / BUCKETS;
        }
        long[] counts = d.latencyCounts(edges);
        long highest = 1;
        for (long c : counts) {
            highest = Math.max(highest, c);
        }
        chartStart(h, "latency-histogram", "Latency histogram: records per latency span (" + (log ? "log" : "linear")
                + " scale), ms", highest, "records");
        double bw = (double) (W - LEFT - 8) / BUCKETS;
        for (int i = 0; i < BUCKETS; i++) {
            bar(h, LATENCY_COLOUR, LEFT + i * bw, bw, counts[i], highest,
                    Fmt.millis(i == 0 ? min : edges[i]) + "–" + Fmt.millis(Math.min(edges[i + 1], d.maxLatencyMillis())) + " ms: "
                            + Fmt.count(counts[i]));
        }
        for (int i = 0; i <= BUCKETS; i += BUCKETS / 4) {
            double edge = i == 0 ? min : i == BUCKETS ? d.maxLatencyMillis() : edges[i];
            xLabel(h, LEFT + i * bw, Fmt.millis(edge));
        }
        h.append("</svg>\n");
    }

    private static void throughputChart(StringBuilder h, Throughput tp) {
        double highest = Math.max(tp.peakRate(), 0.001);
        chartStart(h, "throughput-chart", "Throughput: records written per second, averaged over each " + ReportText.span(tp.widthMs())
                + " (UTC)", highest, "records/s");
        int n = tp.counts().length;
        double bw = (double) (W - LEFT - 8) / n;
        for (int i = 0; i < n; i++) {
            bar(h, THROUGHPUT_COLOUR, LEFT + i * bw, bw, tp.rate(i), highest,
                    CLOCK.format(Instant.ofEpochMilli(tp.startMs() + i * tp.widthMs())) + ": " + Fmt.rate(tp.rate(i)) + "/s");
        }
        int step = Math.max(1, n / 4);
        for (int i = 0; i < n; i += step) {
            xLabel(h, LEFT + i * bw, CLOCK.format(Instant.ofEpochMilli(tp.startMs() + i * tp.widthMs())));
        }
        h.append("</svg>\n");
    }

    private static void chartStart(StringBuilder h, String id, String title, double highest, String unit) {
        int base = H - BOTTOM;
        h.append("<p>").append(esc(title)).append("</p>\n<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">")
                .append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(base).append("\"/>")
                .append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(base).append("\" x2=\"").append(W - 8)
                .append("\" y2=\"").append(base).append("\"/>")
                .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4).append("\" text-anchor=\"end\">")
                .append(highest >= 10 ? Fmt.count(Math.round(highest)) : Fmt.rate(highest)).append("</text>")
                .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(base).append("\" text-anchor=\"end\">0</text>")
                .append("<text x=\"12\" y=\"").append((TOP + base) / 2).append("\" transform=\"rotate(-90 12 ").append((TOP + base) / 2)
                .append(")\" text-anchor=\"middle\">").append(unit).append("</text>");
    }

    private static void bar(StringBuilder h, String colour, double x, double width, double value, double highest, String tip) {
        int base = H - BOTTOM;
        double height = value <= 0 ? 0 : Math.max(1, (base - TOP) * value / highest);
        h.append("<rect class=\"bar\" fill=\"").append(colour).append("\" x=\"").append(fmt(x + 0.5)).append("\" y=\"")
                .append(fmt(base - height)).append("\" width=\"").append(fmt(Math.max(0.5, width - 1))).append("\" height=\"")
                .append(fmt(height)).append("\"><title>").append(esc(tip)).append("</title></rect>");
    }

    private static void xLabel(StringBuilder h, double x, String text) {
        h.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(H - BOTTOM + 16).append("\" text-anchor=\"middle\">")
                .append(esc(text)).append("</text>");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
