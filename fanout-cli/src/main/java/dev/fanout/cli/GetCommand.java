package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Redaction;
import dev.fanout.RedirectPolicy;
import dev.fanout.TlsSettings;
import dev.fanout.internal.IoReasons;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import dev.fanout.limit.AdaptiveLimit;
import dev.fanout.limit.RateLimit;
import dev.fanout.retry.Backoff;
import dev.fanout.retry.RetryPolicy;
import dev.fanout.sink.BodyFiles;
import dev.fanout.sink.Format;
import dev.fanout.source.Param;
import dev.fanout.source.RequestSource;
import dev.fanout.source.RequestSources;
import dev.fanout.source.Secrets;
import dev.fanout.source.ValueSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;
import dev.fanout.Request;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fanout get}: the bulk job. Every input yields exactly one record.
 *
 * <p>Its picocli model is built in code ({@link #spec(Io)}) rather than from annotations: this command is on
 * the start path of every bulk run, and reflecting over annotated fields measured ~80 ms of start-up.
 */
final class GetCommand implements Callable<Integer> {
    private final Io io;
    private CommandSpec spec;
    /** What the run masks in the URLs and messages it writes. */
    private Redaction redaction = Redaction.DEFAULT;

    List<String> urls = new ArrayList<>();
    String input;
    String inputFormat;
    List<String> params = new ArrayList<>();
    int concurrency = 100;
    Integer perHost;
    String method = "GET";
    List<String> headers = new ArrayList<>();
    String data;
    Duration timeout = Duration.ofSeconds(30);
    Duration connectTimeout = Duration.ofSeconds(10);
    long maxBody = 64L << 20;
    Long maxMemory;
    String output;
    String format;
    boolean body;
    boolean ordered;
    boolean quiet;
    Boolean progress;
    int retries = RetryPolicy.DEFAULT.maxRetries();
    String retryOn;
    boolean retryUnsafe;
    Duration backoff = RetryPolicy.DEFAULT.backoff().initial();
    Duration maxRetryWait = RetryPolicy.DEFAULT.maxRetryWait();
    Duration firstByteTimeout = Duration.ZERO;
    Duration readTimeout = Duration.ZERO;
    String rate;
    String ratePerHost;
    Integer burst;
    boolean adaptive;
    boolean ignoreRateHeaders;
    int deadHostAfter = 10;
    List<String> extracts = new ArrayList<>();
    List<String> follows = new ArrayList<>();
    String each;
    String followTemplate;
    Integer maxDepth;
    Long maxRequests;
    String scope;
    boolean ignoreRobots;
    String saveDir;
    String cacert;
    boolean insecure;
    boolean http1Only;
    String jobFile;
    boolean force;
    boolean retryFailed;
    List<String> blockedNetworks = new ArrayList<>();
    List<String> redactNames = new ArrayList<>();
    int maxRedirects = RedirectPolicy.DEFAULT.maxRedirects();
    boolean allowInsecureRedirects;
    final ProxyOptions proxies = new ProxyOptions();
    final CookieOptions cookies = new CookieOptions();
    /** Whether some input is read from standard input (set by {@link #spec()}). */
    private boolean readsStdin;

    /** The command's picocli model, bound to a new command that talks through {@code io}. */
    static CommandSpec spec(Io io) {
        GetCommand cmd = new GetCommand(io);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(cmd).name("get");
        cmd.spec = spec;
        spec.usageMessage()
                .sortOptions(false)
                .description("Make many HTTP requests concurrently and write one record per input.",
                        "",
                        "Inputs: URLs as arguments; -i FILE (one per line, - = stdin); or one URL",
                        "template with {name} placeholders filled by -p (several -p give every",
                        "combination) or {} filled by each input line. With no URL arguments and",
                        "no -i, URLs are read from standard input.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("URL").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class)
                .description("URLs, or one URL template with {name} or {} placeholders.").build());
        option(spec, String.class, "FILE", "Read URLs (or {} values) from FILE, one per line; - reads stdin. Blank lines and # comments are skipped. A .csv, .tsv, .jsonl or .ndjson FILE is a table: one request per row, {column} fills the template.", "-i", "--input");
        option(spec, String.class, "csv|tsv|jsonl|lines", "How -i is read (default: from its extension, else lines).", "--input-format");
        list(spec, "NAME=VALUES", "Values of {NAME}: a,b,c | 1..10000 | @file | @- (stdin).", "-p", "--param");
        option(spec, int.class, "N", "Requests in flight at once (default: 100).", "-c", "--concurrency");
        option(spec, Integer.class, "N", "Requests in flight at once per host (default: no limit beyond -c).", "--per-host");
        option(spec, String.class, "METHOD", "HTTP method (default: GET).", "-X", "--method");
        list(spec, "'Name: value'", "Add a header (repeatable; the value may use placeholders).", "-H", "--header");
        option(spec, String.class, "BODY", "Request body (may use placeholders); @file reads it from a file; ${ENV} takes a secret from the environment (so may the URL, and ?name=@file).", "-d", "--data");
        spec.addOption(OptionSpec.builder("--timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new Units.DurationConverter()).description("Limit per attempt, connect to last byte (default: 30s).").build());
        spec.addOption(OptionSpec.builder("--connect-timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new Units.DurationConverter()).description("Limit on making a connection (default: 10s).").build());
        spec.addOption(OptionSpec.builder("--max-body").paramLabel("SIZE").type(Long.class)
                .converters(new Units.SizeConverter()).description("Larger bodies fail as too_large (default: 64MiB).").build());
        spec.addOption(OptionSpec.builder("--max-memory").paramLabel("SIZE").type(Long.class)
                .converters(new Units.SizeConverter()).description("Response bodies held in memory at once, over all requests (e.g. 512MiB); requests wait for room (default: a quarter of the Java heap).").build());
        duration(spec, "--first-byte-timeout", "Limit from sending a request to its first response byte (default: none beyond --timeout).");
        duration(spec, "--read-timeout", "Limit on a silence between response bytes (default: none beyond --timeout).");
        option(spec, int.class, "N", "Retries per request after the first attempt (default: 3; 0 = off).", "--retries");
        option(spec, String.class, "LIST", "What is retried: statuses (503, 5xx) and failure kinds (default: 429,502,503,504,connect,timeout,reset,protocol,local_limit,proxy).", "--retry-on");
        flag(spec, "Also retry POST/PATCH requests that may have reached the server.", "--retry-unsafe");
        spec.addOption(OptionSpec.builder("--backoff").paramLabel("DURATION").type(Duration.class)
                .converters(new Units.DurationConverter()).description("First retry's wait, doubling after (jittered, at most 10s; default: 200ms).").build());
        spec.addOption(OptionSpec.builder("--max-retry-wait").paramLabel("DURATION").type(Duration.class)
                .converters(new Units.LatencyConverter()).description("Longest wait before a retry, Retry-After included (default: 60s).").build());
        option(spec, String.class, "RATE", "At most this many request starts overall: 50/s, 600/m, 1000/h (default: no limit).", "--rate");
        option(spec, String.class, "RATE", "At most this many request starts per host (default: no limit).", "--rate-per-host");
        option(spec, Integer.class, "N", "Requests a rate bucket lets start back to back (default: 1, evenly spaced).", "--burst");
        flag(spec, "Adapt each host's concurrency: grow while it copes, back off on 429/503/timeouts.", "--adaptive");
        flag(spec, "Do not pace hosts by their RateLimit / X-RateLimit fields or learn a rate from their 429s (on by default; over-quota answers are then retried only as --retry-on says).", "--ignore-rate-headers");
        option(spec, int.class, "N", "Give a host up after N connection failures in a row; its other inputs fail as host_unreachable (default: 10; 0 = never).", "--dead-host-after");
        list(spec, "NAME=EXPR", "Extract a field from each response (repeatable): $.json.path | /json/pointer | css:selector[@attr] | re:regex | header:Name | link:rel, then optional steps: | round(2), int, trim, lower, upper, first, count, all, join(,).", "-e", "--extract");
        option(spec, String.class, "EXPR", "One record per item EXPR selects from each 2xx response (e.g. '$.results[*]'), with -e expressions starting with @ read from the item and an 'item' column; a response without items still gives one record.", "--each");
        list(spec, "[NAME=]EXPR", "Crawl: every value EXPR selects from a 2xx response becomes a new request while the run goes on; links are fetched as links, other values fill the URL template (NAME picks its placeholder). Each URL once. link:next follows a Link header's next page.", "--follow");
        option(spec, String.class, "TEMPLATE", "The URL template found values fill, e.g. 'https://host/item/{}.json' (default: the run's own template).", "--follow-template");
        option(spec, Integer.class, "N", "Follow links at most N deep from an input (default: no limit).", "--max-depth");
        option(spec, Long.class, "N", "Stop following once N requests, inputs included, are made or queued (default: no limit).", "--max-requests");
        option(spec, String.class, "SCOPE", "Hosts links may lead to: same-host (default), any, or a list like example.org,*.example.org.", "--scope");
        flag(spec, "Follow links that robots.txt disallows (by default it is fetched once per host and obeyed).", "--ignore-robots");
        option(spec, int.class, "N", "Follow at most N redirects (default: 10; 0 records a 3xx as it came). Credentials are dropped when a redirect leaves the host.", "--max-redirects");
        flag(spec, "Follow redirects from https to http (refused by default).", "--allow-insecure-redirects");
        option(spec, String.class, "FILE", "Trust the CA certificates in this PEM file instead of the JDK's trust store.", "--cacert");
        flag(spec, "Do not check HTTPS certificates or host names (testing only: the traffic can then be read and changed).", "-k", "--insecure");
        list(spec, "CIDR", "Crawled links and redirects may not connect into this network (repeatable; e.g. 10.0.0.0/8, 127.0.0.0/8). Link-local, unique-local and metadata addresses are always blocked, unless an input or --scope names the host.", "--block-network");
        list(spec, "NAME", "Also mask the query parameter NAME wherever a URL is written (repeatable; key, api_key, token, signature... are masked always).", "--redact");
        flag(spec, "Speak HTTP/1.1 only (by default HTTPS servers that offer HTTP/2 get it, one connection per host).", "--http1.1");
        ProxyOptions.addTo(spec);
        CookieOptions.addTo(spec);
        option(spec, String.class, "FILE", "Write records to FILE (default: stdout).", "-o", "--output");
        option(spec, String.class, "FILE", "Keep the job's state in FILE (SQLite): run the same command again after a crash or Ctrl-C and it does only what is left, every input's record in -o exactly once.", "--job");
        flag(spec, "With --job: continue the job even though this command differs from the one that started it.", "--force");
        flag(spec, "With --job: run the inputs that failed (no response, 429 or 5xx) again, replacing their records.", "--retry-failed");
        option(spec, String.class, "jsonl|csv|tsv|sqlite", "Record format (default: from the -o extension: .jsonl, .csv, .tsv, .sqlite/.db; jsonl when there is none).", "--format");
        flag(spec, "Include response bodies in the records.", "--body");
        option(spec, String.class, "DIR", "Save each response body as a file in DIR, named safely from its URL (never overwriting); records say which in 'saved'.", "--save-dir");
        flag(spec, "Write records in input order (bounded buffering) instead of as they complete.", "--ordered");
        flag(spec, "No progress and no summary.", "-q", "--quiet");
        spec.addOption(OptionSpec.builder("--progress").negatable(true).type(Boolean.class).arity("0")
                .description("Force the progress line on or off (default: on when stderr is a terminal).").build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
        spec.versionProvider(new FanoutCommand.VersionProvider());
        GetHelp.install(spec);
        return spec;
    }

    private static void duration(CommandSpec spec, String name, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel("DURATION").type(Duration.class)
                .converters(new Units.DurationConverter()).description(description).build());
    }

    private static void option(CommandSpec spec, Class<?> type, String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).paramLabel(label).type(type).description(description).build());
    }

    private static void list(CommandSpec spec, String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build());
    }

    private static void flag(CommandSpec spec, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).type(boolean.class).arity("0").description(description).build());
    }

    /** Takes the parsed values; options not given keep their defaults. */
    void bind(ParseResult r) {
        urls = r.matchedPositionalValue(0, urls);
        input = r.matchedOptionValue("--input", input);
        inputFormat = r.matchedOptionValue("--input-format", inputFormat);
        params = r.matchedOptionValue("--param", params);
        concurrency = r.matchedOptionValue("--concurrency", concurrency);
        perHost = r.matchedOptionValue("--per-host", perHost);
        method = r.matchedOptionValue("--method", method);
        headers = r.matchedOptionValue("--header", headers);
        data = r.matchedOptionValue("--data", data);
        timeout = r.matchedOptionValue("--timeout", timeout);
        connectTimeout = r.matchedOptionValue("--connect-timeout", connectTimeout);
        maxBody = r.matchedOptionValue("--max-body", maxBody);
        maxMemory = r.matchedOptionValue("--max-memory", maxMemory);
        output = r.matchedOptionValue("--output", output);
        format = r.matchedOptionValue("--format", format);
        body = r.matchedOptionValue("--body", body);
        ordered = r.matchedOptionValue("--ordered", ordered);
        quiet = r.matchedOptionValue("--quiet", quiet);
        progress = r.matchedOptionValue("--progress", progress);
        retries = r.matchedOptionValue("--retries", retries);
        retryOn = r.matchedOptionValue("--retry-on", retryOn);
        retryUnsafe = r.matchedOptionValue("--retry-unsafe", retryUnsafe);
        backoff = r.matchedOptionValue("--backoff", backoff);
        maxRetryWait = r.matchedOptionValue("--max-retry-wait", maxRetryWait);
        firstByteTimeout = r.matchedOptionValue("--first-byte-timeout", firstByteTimeout);
        readTimeout = r.matchedOptionValue("--read-timeout", readTimeout);
        rate = r.matchedOptionValue("--rate", rate);
        ratePerHost = r.matchedOptionValue("--rate-per-host", ratePerHost);
        burst = r.matchedOptionValue("--burst", burst);
        adaptive = r.matchedOptionValue("--adaptive", adaptive);
        ignoreRateHeaders = r.matchedOptionValue("--ignore-rate-headers", ignoreRateHeaders);
        deadHostAfter = r.matchedOptionValue("--dead-host-after", deadHostAfter);
        extracts = r.matchedOptionValue("--extract", extracts);
        follows = r.matchedOptionValue("--follow", follows);
        each = r.matchedOptionValue("--each", each);
        followTemplate = r.matchedOptionValue("--follow-template", followTemplate);
        maxDepth = r.matchedOptionValue("--max-depth", maxDepth);
        maxRequests = r.matchedOptionValue("--max-requests", maxRequests);
        scope = r.matchedOptionValue("--scope", scope);
        ignoreRobots = r.matchedOptionValue("--ignore-robots", ignoreRobots);
        saveDir = r.matchedOptionValue("--save-dir", saveDir);
        cacert = r.matchedOptionValue("--cacert", cacert);
        maxRedirects = r.matchedOptionValue("--max-redirects", maxRedirects);
        allowInsecureRedirects = r.matchedOptionValue("--allow-insecure-redirects", allowInsecureRedirects);
        insecure = r.matchedOptionValue("--insecure", insecure);
        http1Only = r.matchedOptionValue("--http1.1", http1Only);
        blockedNetworks = r.matchedOptionValue("--block-network", blockedNetworks);
        redactNames = r.matchedOptionValue("--redact", redactNames);
        jobFile = r.matchedOptionValue("--job", jobFile);
        force = r.matchedOptionValue("--force", force);
        retryFailed = r.matchedOptionValue("--retry-failed", retryFailed);
        proxies.bind(r);
        cookies.bind(r);
    }

    GetCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        bind(parsed);
        RequestSource source;
        Format fmt;
        Fanout.Builder builder;
        Harvest harvest;
        BodyFiles files;
        try {
            validateNumbers();
            builder = clientSettings();
            RequestSources.Spec spec = spec();
            try {
                harvest = Harvests.of(this, spec);
            } catch (IllegalArgumentException e) {
                if (spec.rows() != null) {
                    spec.rows().close();
                }
                throw e;
            }
            fmt = OutputFormats.choose(format, output);
            if (jobFile != null) {
                checkJobOptions();
            }
            if (fmt == Format.SQLITE && (output == null || output.equals("-"))) {
                throw new IllegalArgumentException("--format sqlite needs -o FILE");
            }
            redaction = Redaction.DEFAULT.withNames(redactNames).withSecrets(Secrets.valuesIn(urls, spec.body(), System::getenv));
            files = saveDir(); // created before anything is claimed, so that a bad one leaves nothing behind
            source = RequestSources.build(spec);
            if (!quiet) {
                TableInput.warnIfLarge(source, io.err());
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return usageError(e.getMessage());
        }
        // claimed in this order, before any request: the job (a second run of it stops here, touching nothing), then -o
        Job job = null;
        OutputFile file = null;
        JobOutput jobOutput = null;
        try {
            String settings = JobSettings.of(parsed, redaction);
            if (output != null && !output.equals("-")) {
                OutputFile.check(output);
            }
            if (jobFile != null) {
                job = Job.open(Path.of(jobFile), settings, force, JobSettings.WORDING);
            }
            if (output != null && !output.equals("-")) {
                file = OutputFile.claim(output, settings);
            }
            if (job != null) {
                jobOutput = JobOutput.open(job, file.path(), fmt, retryFailed);
            }
        } catch (IllegalArgumentException | JobException e) {
            release(job, file, source);
            return usageError(e.getMessage());
        } catch (IOException e) {
            release(job, file, source);
            return usageError("-o " + output + ": cannot write the file: " + IoReasons.of(e));
        }
        // a body only saved goes to its file as it arrives, never whole into memory
        boolean keepBodies = body || harvest.extracts();
        builder.keepBodies(keepBodies);
        if (files != null) {
            builder.saveBodiesTo(files.directory());
        }
        if (keepBodies) {
            // outcomes waiting for the writer hold their bodies: keep that backlog to -c of them, not 1,024
            builder.streamBuffer(Math.max(64, concurrency));
        }
        GetRun.Settings settings = new GetRun.Settings(output, jobFile, quiet, !quiet && (progress != null ? progress : io.errIsTerminal()),
                ordered, body, parsed.originalArgs(), cookies, redaction);
        GetRun run = new GetRun(io, settings);
        try {
            return run.run(builder, source, harvest, files, fmt, file, job, jobOutput);
        } finally {
            // after a stop, inputs may still be blocked reading standard input, and closing it would wait for that read
            release(job, file, run.stopped() && readsStdin ? null : source);
        }
    }

    private BodyFiles saveDir() {
        if (saveDir == null) {
            return null;
        }
        try {
            return new BodyFiles(Path.of(saveDir), redaction);
        } catch (IOException e) {
            throw new IllegalArgumentException("--save-dir " + saveDir + ": cannot create or use the directory: " + IoReasons.of(e));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--save-dir " + saveDir + ": cannot create or use the directory: " + e.getMessage());
        }
    }

    /** Lets the job and the output go (the job last: it was claimed first). */
    private static void release(Job job, OutputFile file, RequestSource source) {
        if (file != null) {
            file.close();
        }
        closeQuietly(job);
        if (source != null) {
            try {
                source.close();
            } catch (Exception ignored) {
                // nothing was read
            }
        }
    }

    private void checkJobOptions() {
        if (output == null || output.equals("-")) {
            throw new IllegalArgumentException("--job needs -o FILE: records on standard output cannot be taken back after a crash");
        }
    }

    private static void closeQuietly(Job job) {
        if (job != null) {
            try {
                job.close();
            } catch (JobException ignored) {
                // the run's own outcome is what is reported
            }
        }
    }

    void validateNumbers() {
        if (concurrency < 1) {
            throw new IllegalArgumentException("-c must be at least 1, got " + concurrency);
        }
        if (perHost != null && perHost < 1) {
            throw new IllegalArgumentException("--per-host must be at least 1, got " + perHost);
        }
        if (maxBody < 1) {
            throw new IllegalArgumentException("--max-body must be above zero");
        }
        if (maxMemory != null && maxMemory < 1) {
            throw new IllegalArgumentException("--max-memory must be above zero");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be 0 or more, got " + retries);
        }
        if (burst != null && burst < 1) {
            throw new IllegalArgumentException("--burst must be at least 1, got " + burst);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("--max-redirects must be 0 or more, got " + maxRedirects);
        }
        if (deadHostAfter < 0) {
            throw new IllegalArgumentException("--dead-host-after must be 0 or more, got " + deadHostAfter);
        }
    }

    /** The client's settings from the options; a bad value is an IllegalArgumentException naming it. */
    Fanout.Builder clientSettings() {
        RetryPolicy retry = RetryPolicy.DEFAULT.withMaxRetries(retries).withRetryUnsafe(retryUnsafe)
                .withBackoff(Backoff.startingAt(backoff)).withMaxRetryWait(maxRetryWait);
        if (retryOn != null) {
            try {
                retry = retry.withRetryOn(retryOn);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--retry-on: " + e.getMessage());
            }
        }
        Fanout.Builder b = Fanout.builder()
                .concurrency(OpenFiles.cap(concurrency, saveDir != null, io.err()))
                .connectTimeout(connectTimeout)
                .firstByteTimeout(firstByteTimeout)
                .readTimeout(readTimeout)
                .timeout(timeout)
                .keepBodies(body)
                .maxBodyBytes(maxBody)
                .retry(retry)
                .deadHostAfter(deadHostAfter)
                .redirects(new RedirectPolicy(maxRedirects, allowInsecureRedirects))
                .rateHeaders(!ignoreRateHeaders);
        if (perHost != null) {
            b.perHost(perHost);
        }
        if (maxMemory != null) {
            b.maxMemory(maxMemory);
        }
        if (rate != null) {
            b.rate(rateOption("--rate", rate));
        }
        if (ratePerHost != null) {
            b.ratePerHost(rateOption("--rate-per-host", ratePerHost));
        }
        if (adaptive) {
            b.adaptive(AdaptiveLimit.DEFAULT);
        }
        for (String network : blockedNetworks) {
            try {
                b.blockNetwork(network);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--block-network: " + e.getMessage());
            }
        }
        if (cacert != null || insecure || http1Only) {
            try {
                b.tls(new TlsSettings(cacert == null ? null : Path.of(cacert), insecure, !http1Only));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cacert: " + e.getMessage());
            }
            if (insecure) {
                io.err().println("fanout: warning: --insecure: HTTPS certificates and host names are not checked; "
                        + "anyone on the network path can read and change this traffic");
            }
        }
        b.proxy(proxies.config(io.env(), quiet ? null : io.err()));
        cookies.apply(b);
        return b;
    }

    private RateLimit rateOption(String name, String text) {
        try {
            RateLimit limit = RateLimit.parse(text);
            return burst == null ? limit : limit.withBurst(burst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private RequestSources.Spec spec() {
        List<Param> ps = new ArrayList<>();
        for (String p : params) {
            ps.add(Param.parse(p, io.in()));
            readsStdin |= p.endsWith("=@-");
        }
        ValueSource lines = null;
        var table = TableInput.format(input, inputFormat);
        if (table != null) {
            return new RequestSources.Spec(method.strip().toUpperCase(java.util.Locale.ROOT), urls, headers, body(), ps, null,
                    TableInput.open(input, table, io.in()));
        }
        if (input != null) {
            readsStdin |= input.equals("-");
            lines = input.equals("-") ? ValueSource.linesOnce(io.in(), "standard input") : readableLines(input);
        } else if (urls.isEmpty() || (urls.size() == 1 && urls.get(0).contains("{}"))) {
            if (io.inIsTerminal()) {
                throw new IllegalArgumentException(urls.isEmpty()
                        ? "no URLs: give them as arguments, with -i FILE, or on standard input (e.g. cat urls.txt | fanout get)"
                        : "the template's {} takes input lines: use -i FILE or pipe them in (e.g. cat ids | fanout get ...)");
            }
            readsStdin = true;
            lines = ValueSource.linesOnce(io.in(), "standard input");
        }
        return new RequestSources.Spec(method.strip().toUpperCase(java.util.Locale.ROOT), urls, headers, body(), ps, lines);
    }

    private static ValueSource readableLines(String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("-i " + file + ": cannot read file" + (Files.exists(p) ? " (not a readable file)" : " (no such file)"));
        }
        return ValueSource.lines(p);
    }

    String body() {
        if (data == null || !data.startsWith("@")) {
            return data;
        }
        Path p = Path.of(data.substring(1));
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("-d " + data + ": cannot read file " + p + " (" + dev.fanout.internal.IoReasons.of(e) + ")");
        }
    }

    private int usageError(String message) {
        io.err().println("fanout get: " + message);
        return ExitCode.USAGE;
    }
}
