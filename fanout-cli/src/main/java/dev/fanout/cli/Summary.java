package dev.fanout.cli;

import dev.fanout.ClientStats;
import dev.fanout.FailureKind;
import dev.fanout.cli.report.Failed;
import dev.fanout.cli.report.Fmt;
import dev.fanout.crawl.CrawlStats;
import dev.fanout.stats.RunStats;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The end-of-run summary on stderr: totals, failures by kind, status counts, rate, latency percentiles, retries
 * by reason, where adaptive concurrency settled, and hosts given up.
 */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream err, RunStats s, ClientStats client) {
        print(err, s, client, null);
    }

    static void print(PrintStream err, RunStats s, ClientStats client, CrawlStats crawl) {
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
            String errorStatuses = Failed.errorStatusLine(statuses);
            if (errorStatuses != null) {
                err.println(errorStatuses);
            }
            printLatency(err, s);
        }
        printClient(err, client);
        if (crawl != null) {
            printCrawl(err, crawl);
        }
    }

    /** What the crawl followed and why it left the rest, e.g. "crawl: 19,500 followed from 500 inputs; skipped 3 off-site, 1 robots.txt". */
    private static void printCrawl(PrintStream err, CrawlStats c) {
        StringBuilder line = new StringBuilder("  crawl: ").append(Fmt.count(c.followed())).append(" followed from ")
                .append(Fmt.count(c.inputs())).append(c.inputs() == 1 ? " input" : " inputs");
        StringJoiner skipped = new StringJoiner(", ", "; skipped ", "");
        skipped.setEmptyValue("");
        addIf(skipped, c.duplicates(), "already seen");
        addIf(skipped, c.outOfScope(), "out of scope");
        addIf(skipped, c.robotsDisallowed(), "disallowed by robots.txt");
        addIf(skipped, c.tooDeep(), "beyond --max-depth");
        addIf(skipped, c.overLimit(), "beyond --max-requests");
        addIf(skipped, c.notHttp(), "not http(s)");
        addIf(skipped, c.blocked(), "link-local or metadata address");
        line.append(skipped);
        if (c.robotsFiles() > 0) {
            line.append("; robots.txt read from ").append(Fmt.count(c.robotsFiles())).append(c.robotsFiles() == 1 ? " host" : " hosts");
        }
        err.println(line);
        c.robotsUnreadable().forEach((origin, why) -> err.println("  robots.txt of " + origin + " could not be read (" + why
                + "): the crawl follows nothing there, as RFC 9309 says; --ignore-robots follows it anyway"));
    }

    private static void addIf(StringJoiner j, long n, String why) {
        if (n > 0) {
            j.add(Fmt.count(n) + " " + why);
        }
    }

    private static void printLatency(PrintStream err, RunStats s) {
        err.println("  latency ms  p50 " + Fmt.millis(s.latencyMillis(50)) + "  p90 " + Fmt.millis(s.latencyMillis(90))
                + "  p99 " + Fmt.millis(s.latencyMillis(99)) + "  max " + Fmt.millis(s.maxLatencyMillis()));
    }

    private static void printClient(PrintStream err, ClientStats client) {
        if (client.retries() > 0) {
            StringJoiner reasons = new StringJoiner(", ", " (", ")");
            client.retriesByReason().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .forEach(e -> reasons.add(e.getKey() + " " + Fmt.count(e.getValue())));
            err.println("  retries " + Fmt.count(client.retries()) + reasons);
        }
        new TreeMap<>(client.adaptiveLimits()).forEach((host, l) -> err.println("  adaptive " + host + ": settled at "
                + l.current() + " in flight (lowest " + l.lowest() + ", highest " + l.highest() + ", " + l.decreases()
                + (l.decreases() == 1 ? " cut)" : " cuts)")));
        new TreeMap<>(client.quotas()).forEach((host, what) -> err.println("  rate limit " + host + ": " + what));
        new TreeMap<>(client.unreachableHosts()).forEach((host, why) -> err.println("  unreachable: " + why));
        ClientStats.Memory m = client.memory();
        if (m.waits() > 0) {
            // the run was slowed by the budget: say by how much it was used, and how to give it more
            err.println("  memory: bodies held at most " + Fmt.bytes(m.peak()) + " of the " + Fmt.bytes(m.budget())
                    + " budget (--max-memory); " + Fmt.count(m.waits()) + " waits for room"
                    + (m.setAside() > 0 ? ", " + Fmt.count(m.setAside()) + " half-read bodies set aside and sent again" : ""));
        }
        client.proxiesTakenOut().values().forEach(why -> err.println("  " + why));
    }
}
