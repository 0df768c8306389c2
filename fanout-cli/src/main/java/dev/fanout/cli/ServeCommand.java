package dev.fanout.cli;

import dev.fanout.testserver.Fault;
import dev.fanout.testserver.TestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code fanout serve}: the mock API, for trying fanout (and other clients) without a network. */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = FanoutCommand.VersionProvider.class,
        description = {"Run the mock API on loopback until interrupted.",
                "Routes: /items/{id}  /v0/topstories.json  /v0/item/{id}.json  /delay/{ms}",
                "        /status/{code}  /small  /echo  /_stats  /v8/finance/chart/{SYMBOL}",
                "        /site/ (HTML pages with links)  /robots.txt",
                "Faults on any route: ?fault=MODE[&fraction=F][&times=N][&...], MODE one of",
                "  reset, reset-body, stall, drip (ms=), truncate, bad-chunked,",
                "  status (status=, retry_after=, date=true), burst (status=, length=, period=)"})
final class ServeCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: ${DEFAULT-VALUE}; ::1 for IPv6). Meant for loopback: "
            + "any other address is served with a warning, since the routes echo requests and inject faults.")
    String host = "127.0.0.1";

    @Option(names = "--latency", converter = Units.LatencyConverter.class, paramLabel = "DURATION",
            description = "Delay before every response (default: 0ms).")
    Duration latency = Duration.ZERO;

    @Option(names = "--jitter", converter = Units.LatencyConverter.class, paramLabel = "DURATION",
            description = "Latency varies by ± this much (default: 0ms).")
    Duration jitter = Duration.ZERO;

    @Option(names = "--items", paramLabel = "N", description = "Items in the HN-shaped tree (default: ${DEFAULT-VALUE}).")
    int items = 20_000;

    @Option(names = "--stories", paramLabel = "N", description = "Top stories in the HN-shaped tree (default: ${DEFAULT-VALUE}).")
    int stories = 500;

    @Option(names = "--threads", paramLabel = "N", description = "Server event-loop threads (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--fault", paramLabel = "SPEC",
            description = "Fault for every request that names none, e.g. reset,fraction=0.1,times=2.")
    String fault;

    @Option(names = "--max-in-flight", paramLabel = "K", description = "Answer 503 beyond K requests in flight (default: no cap).")
    int maxInFlight;

    @Option(names = "--quota", paramLabel = "N", description = "Answer 429 with Retry-After beyond N requests per second (default: none).")
    double quota;

    ServeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        TestServer server;
        Fault defaultFault;
        try {
            defaultFault = fault == null ? null : Fault.parse(fault);
        } catch (IllegalArgumentException e) {
            io.err().println("fanout serve: --fault " + fault + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (port < 0 || port > 65535) {
            io.err().println("fanout serve: --port " + port + ": a port is 0 to 65535 (0 picks a free one)");
            return ExitCode.USAGE;
        }
        String address = ServeAddress.unbracket(host);
        String problem = ServeAddress.check(address);
        if (problem != null) {
            io.err().println("fanout serve: --host " + host + ": " + problem);
            return ExitCode.USAGE;
        }
        if (!ServeAddress.isLoopback(address)) {
            io.err().println("fanout serve: warning: --host " + host + " is not a loopback address: anyone who can reach it "
                    + "can use the mock API (it echoes requests and injects faults)");
        }
        try {
            server = TestServer.builder().host(address).port(port).latency(latency).jitter(jitter)
                    .hnTree(items, stories).ioThreads(threads).fault(defaultFault).maxInFlight(maxInFlight)
                    .quota(quota).start();
        } catch (Exception e) { // Netty reports a failed bind as an IOException it does not declare
            io.err().println("fanout serve: " + ServeAddress.bindFailure(host, port, e));
            return ExitCode.USAGE;
        }
        Thread stop = new Thread(server::close, "fanout-serve-stop");
        ExitHooks.add(stop); // on SIGTERM or Ctrl-C: close the port at once and let go
        try (server) {
            io.err().println("fanout serve: listening on " + server.baseUrl() + " (latency " + latency.toMillis()
                    + " ms ± " + jitter.toMillis() + " ms); Ctrl-C stops");
            io.err().println("  try: fanout get '" + server.baseUrl() + "/items/{id}' -p id=1..1000");
            io.err().println("       fanout get '" + server.baseUrl() + "/v8/finance/chart/{t}' -p t=AAPL,MSFT,ZZZZ -e 'price=$.chart.result[0].meta.regularMarketPrice|round(2)'");
            io.err().println("       fanout get " + server.url("/site/") + " --follow 'css:a@href' -e title=css:title");
            server.awaitClose();
        }
        ExitHooks.remove(stop); // when exiting already, the hook is what closed the server
        return ExitCode.OK;
    }
}
