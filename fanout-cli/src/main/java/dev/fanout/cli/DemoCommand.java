package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import dev.fanout.Request;
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

/**
 * {@code fanout demo}: the seeds' "41 s → 1.4 s", with no network. Starts the mock API in-process on a free
 * loopback port, fetches the same items one at a time and then concurrently, and prints both side by side.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Fetch the same items from an in-process mock API one at a time, then concurrently,",
                "and show both side by side. Needs no network."})
final class DemoCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "-n", description = "Items to fetch (default: ${DEFAULT-VALUE}).")
    int n = 200;

    @Option(names = {"-c", "--concurrency"}, description = "Requests in flight in the concurrent run (default: ${DEFAULT-VALUE}).")
    int concurrency = 100;

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
        if (n < 1 || concurrency < 1) {
            io.err().println("fanout demo: -n and -c must be at least 1");
            return ExitCode.USAGE;
        }
        PrintStream err = io.err();
        try (TestServer server = TestServer.builder().latency(latency).jitter(latency.dividedBy(10)).start()) {
            List<Request> requests = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                requests.add(Request.get(server.url("/items/" + i)));
            }
            err.printf(Locale.ROOT, "fanout demo: %d items from a mock API on %s that answers in ~%d ms%n%n",
                    n, server.baseUrl(), latency.toMillis());
            Run one = run("one at a time", 1, requests);
            Run many = run("concurrently", concurrency, requests);
            table(one, many);
            return one.failed + many.failed == 0 ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
    }

    private Run run(String name, int c, List<Request> requests) {
        io.err().printf(Locale.ROOT, "%s (c=%d)…%n", name, c);
        RunStats stats = new RunStats();
        try (Fanout fanout = Fanout.builder().concurrency(c).keepBodies(false).build();
             Progress bar = Progress.startIf(io.errIsTerminal(), io, stats, requests::size, "  ")) {
            try (var outcomes = fanout.stream(requests.iterator())) {
                outcomes.forEach(stats::record);
            }
        }
        stats.finish();
        long ok = requests.size() - stats.failed() - nonSuccess(stats);
        return new Run(name, c, stats.elapsedSeconds(), ok, requests.size() - ok);
    }

    private static long nonSuccess(RunStats stats) {
        return stats.statusCounts().entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(e -> e.getValue()).sum();
    }

    private void table(Run one, Run many) {
        PrintStream out = io.err();
        out.println();
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "", one.name + " (c=" + one.concurrency + ")", many.name + " (c=" + many.concurrency + ")");
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "requests", Fmt.count(one.ok + one.failed), Fmt.count(many.ok + many.failed));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "200 OK", Fmt.count(one.ok), Fmt.count(many.ok));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "wall time", Fmt.seconds(one.seconds), Fmt.seconds(many.seconds));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "req/s", Fmt.rate(one.rate()), Fmt.rate(many.rate()));
        out.printf(Locale.ROOT, "%-12s %16s %16s%n", "speedup", "1.0×", String.format(Locale.ROOT, "%.1f×", one.seconds / many.seconds));
        out.println();
        out.println("Same job on your own URLs: fanout get -i urls.txt -c " + many.concurrency + " -o results.csv");
    }
}
