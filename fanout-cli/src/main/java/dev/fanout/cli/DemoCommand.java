package dev.fanout.cli;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.cli.report.Fmt;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import dev.fanout.extract.Values;
import dev.fanout.stats.RunStats;
import dev.fanout.testserver.TestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * {@code fanout demo}: the seeds' "41 s → 1.4 s", with no network. Starts the mock API in-process on a free
 * loopback port, fetches the same items one at a time and then concurrently, then crawls a Hacker-News-shaped
 * comment tree (each item's {@code kids} become new requests) both ways, and prints each pair side by side.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = FanoutCommand.VersionProvider.class,
        description = {"Fetch the same items from an in-process mock API one at a time, then concurrently;",
                "then crawl a Hacker-News-shaped comment tree (following each item's kids) both ways.",
                "Shows each pair side by side. Needs no network."})
final class DemoCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "-n", paramLabel = "N", description = "Items to fetch (default: ${DEFAULT-VALUE}).")
    int n = 200;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Requests in flight in the concurrent run (default: ${DEFAULT-VALUE}).")
    int concurrency = 100;

    @Option(names = "--crawl", paramLabel = "N", description = "Items in the comment tree to crawl, 0 to skip the crawl (default: ${DEFAULT-VALUE}).")
    int crawlItems = 100;

    @Option(names = "--latency", converter = Units.LatencyConverter.class, paramLabel = "DURATION",
            description = "The mock API's response time (default: 200ms, like a typical remote API).")
    Duration latency = Duration.ofMillis(200);

    DemoCommand(Io io) {
        this.io = io;
    }

    private record Run(String name, int concurrency, double seconds, long ok, long failed) {
        double rate() {
            return seconds > 0 ? (ok + failed) / seconds : 0;
        }
    }

    @Override
    public Integer call() {
        if (n < 1 || concurrency < 1 || crawlItems < 0) {
            io.err().println("fanout demo: -n and -c must be at least 1, --crawl 0 or more");
            return ExitCode.USAGE;
        }
        // the tables are the demo's output (stdout: `fanout demo > f` keeps them); what it is doing goes to stderr
        PrintStream out = io.textOut();
        int stories = Math.max(1, crawlItems / 20);
        try (TestServer server = TestServer.builder().latency(latency).jitter(latency.dividedBy(10))
                .hnTree(Math.max(crawlItems, stories), stories).start()) {
            List<Request> requests = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                requests.add(Request.get(server.url("/items/" + i)));
            }
            out.printf(Locale.ROOT, "fanout demo: %d items from a mock API on %s that answers in ~%d ms%n",
                    n, server.baseUrl(), latency.toMillis());
            Run one = fetch("one at a time", 1, requests);
            Run many = fetch("concurrently", concurrency, requests);
            table(out, one, many);
            long failed = one.failed + many.failed;
            if (crawlItems > 0) {
                out.printf(Locale.ROOT, "%nCrawl: %d top stories and every comment below them, each item's kids fetched "
                        + "as soon as its parent arrives%n%n", stories);
                List<Request> top = new ArrayList<>();
                for (int id : server.hnTree().topStories()) {
                    top.add(Request.get(itemUrl(server, id)));
                }
                Run crawlOne = crawl("one at a time", 1, top, server);
                Run crawlMany = crawl("concurrently", concurrency, top, server);
                table(out, crawlOne, crawlMany);
                failed += crawlOne.failed + crawlMany.failed;
            }
            out.println("Same jobs on your own URLs: fanout get -i urls.txt -c " + concurrency + " -o results.csv");
            out.println("                            cat story_ids | fanout get 'https://hacker-news.firebaseio.com/v0/item/{}.json' --follow '$.kids[*]'");
            return failed == 0 ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
    }

    private static String itemUrl(TestServer server, Object id) {
        return server.url("/v0/item/" + Values.text(id) + ".json");
    }

    private Run fetch(String name, int c, List<Request> requests) {
        return measure(name, c, requests::size, Fanout.builder().concurrency(c).keepBodies(false),
                (fanout, stats) -> {
                    try (var outcomes = fanout.stream(requests.iterator())) {
                        outcomes.forEach(stats::record);
                    }
                });
    }

    /** The library's crawl API: each item's {@code kids} become requests while the others are in flight. */
    private Run crawl(String name, int c, List<Request> top, TestServer server) {
        Expression kids = Expression.parse("$.kids[*]");
        CrawlRules rules = CrawlRules.DEFAULT.withRobots(false);
        return measure(name, c, () -> -1, Fanout.builder().concurrency(c),
                (fanout, stats) -> {
                    try (Crawl<Outcome> crawl = fanout.crawl(top.iterator(), rules, (o, frontier) -> {
                        if (o.isSuccessful()) {
                            for (Object id : kids.values(Body.of(o))) {
                                frontier.add(Request.get(itemUrl(server, id)));
                            }
                        }
                        return o;
                    })) {
                        crawl.stream().forEach(stats::record);
                    }
                });
    }

    private Run measure(String name, int c, LongSupplier total, Fanout.Builder client, BiConsumer<Fanout, RunStats> job) {
        io.err().printf(Locale.ROOT, "%s (c=%d)…%n", name, c);
        RunStats stats = new RunStats();
        try (Fanout fanout = client.build();
             Progress bar = Progress.startIf(io.errIsTerminal(), io, stats, total, "  ")) {
            job.accept(fanout, stats);
        }
        stats.finish();
        long ok = stats.done() - stats.failed() - nonSuccess(stats);
        return new Run(name, c, stats.elapsedSeconds(), ok, stats.done() - ok);
    }

    private static long nonSuccess(RunStats stats) {
        return stats.statusCounts().entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(e -> e.getValue()).sum();
    }

    private static void table(PrintStream out, Run one, Run many) {
        out.println();
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "", one.name + " (c=" + one.concurrency + ")", many.name + " (c=" + many.concurrency + ")");
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "requests", Fmt.count(one.ok + one.failed), Fmt.count(many.ok + many.failed));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "200 OK", Fmt.count(one.ok), Fmt.count(many.ok));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "wall time", Fmt.seconds(one.seconds), Fmt.seconds(many.seconds));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "req/s", Fmt.rate(one.rate()), Fmt.rate(many.rate()));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "speedup", "1.0×", String.format(Locale.ROOT, "%.1f×", one.seconds / many.seconds));
        out.println();
    }
}
