package dev.fanout.client;

import dev.fanout.AdaptiveLimit;
import dev.fanout.ClientStats;
import dev.fanout.CookieJar;
import dev.fanout.FanoutConfig;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.ProxyConfig;
import dev.fanout.RateLimit;
import dev.fanout.RedirectPolicy;
import dev.fanout.Request;
import dev.fanout.RetryPolicy;
import dev.fanout.RetryWaits;
import dev.fanout.TlsSettings;
import dev.fanout.Version;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.crawl.Frontier;
import dev.fanout.internal.crawl.CrawlRun;
import dev.fanout.internal.engine.Engine;
import dev.fanout.internal.engine.StreamRun;
import dev.fanout.internal.net.Cidr;
import dev.fanout.internal.transport.MemoryBudget;
import dev.fanout.internal.transport.NettyTransport;

import dev.fanout.AdaptiveLimit;
import dev.fanout.RateLimit;
import dev.fanout.RetryPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client that makes many HTTP requests concurrently within a global and a per-host limit, over pooled
 * keep-alive connections. Build one, share it, close it:
 *
 * <pre>{@code
 * try (Fanout fanout = Fanout.builder().concurrency(500).perHost(50).build()) {
 *     List<Outcome> all = fanout.fetchAll(requests);                  // input order
 *     try (Stream<Outcome> s = fanout.stream(requests.iterator())) {  // as completed
 *         s.forEach(sink::write);
 *     }
 *     Outcome one = fanout.fetch(Request.get(url)).join();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method is safe to call from any number of threads, virtual ones included. Futures
 * complete on an I/O thread: do not block in their callbacks. Streams are consumed by the caller's thread.
 *
 * <p><b>Failures.</b> No method throws for a failed request: every request yields one {@link Outcome},
 * which is either a response of any status or a typed {@link dev.fanout.Failure}.
 *
 * <p><b>Ownership.</b> The client owns its connections and I/O threads; {@link #close()} ends them and
 * completes whatever is still in flight as {@link dev.fanout.FailureKind#CANCELLED}.
 */
public final class Fanout implements AutoCloseable {
    private final FanoutConfig config;
    private final Engine engine;

    private Fanout(FanoutConfig config) {
        this.config = config;
        this.engine = new Engine(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding the settings of {@code base} as they are (limits already capped, defaults already
     * resolved): {@code Fanout.builder(config).concurrency(10).config()} is that config with another
     * concurrency, and {@code .build()} a client with it.
     */
    public static Builder builder(FanoutConfig base) {
        Builder b = builder().concurrency(base.concurrency()).perHost(base.perHost()).connectTimeout(base.connectTimeout())
                .firstByteTimeout(base.firstByteTimeout()).readTimeout(base.readTimeout()).timeout(base.timeout())
                .defaultHeaders(base.defaultHeaders()).keepBodies(base.keepBodies()).maxBodyBytes(base.maxBodyBytes())
                .ioThreads(base.ioThreads()).streamBuffer(base.streamBuffer()).retry(base.retry()).rate(base.rate())
                .ratePerHost(base.ratePerHost()).adaptive(base.adaptive()).deadHostAfter(base.deadHostAfter())
                .tls(base.tls()).redirects(base.redirects()).maxMemory(base.maxMemory()).saveBodiesTo(base.saveBodies())
                .proxy(base.proxy()).cookies(base.cookies()).rateHeaders(base.rateHeaders());
        base.blockedNetworks().forEach(b::blockNetwork);
        return b;
    }

    /** A client with default settings. */
    public static Fanout create() {
        return builder().build();
    }

    public FanoutConfig config() {
        return config;
    }

    /** Starts one request; the future completes with its outcome and never exceptionally. */
    public CompletableFuture<Outcome> fetch(Request request) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        engine.submit(request, 0, o -> {
            engine.handedOver(o); // the budget covers a body until it is handed over
            future.complete(o);
        });
        return future;
    }

    /**
     * Makes every request and returns their outcomes in input order, like {@code asyncio.gather}. Holds all
     * outcomes in memory; for large inputs use {@link #stream(Iterator, boolean)}.
     */
    public List<Outcome> fetchAll(Collection<? extends Request> requests) {
        List<Outcome> out = new ArrayList<>(requests.size());
        try (Stream<Outcome> s = stream(requests.iterator(), true)) {
            s.forEach(out::add);
        }
        return out;
    }

    /** {@link #stream(Iterator, boolean)} as completed. */
    public Stream<Outcome> stream(Iterator<? extends Request> requests) {
        return stream(requests, false);
    }

    /**
     * Makes the requests and streams their outcomes, as they complete or in input order. Requests are pulled
     * from the iterator only as capacity frees up, so an input of any length runs in bounded memory: at most
     * {@code concurrency + streamBuffer} requests are between the iterator and the consumer.
     *
     * <p>The iterator is read on a thread of the stream's own, so it may block (e.g. on standard input). If
     * it throws, the outcomes of requests already started are still delivered and the exception is then
     * rethrown from the stream. Close the stream to stop early; requests still in flight are cancelled.
     */
    public Stream<Outcome> stream(Iterator<? extends Request> requests, boolean ordered) {
        StreamRun run = engine.startStream(requests, ordered);
        Spliterator<Outcome> split = Spliterators.spliteratorUnknownSize(run, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(run::close);
    }

    /**
     * Starts a crawl: the inputs are fetched, each outcome is visited by {@code step} on the consuming thread,
     * and what the step adds to the {@link Frontier} is fetched while the rest is in flight — once per URL,
     * within the rules' depth, request limit, scope and robots.txt. For example, every comment of every story:
     *
     * <pre>{@code
     * Expression kids = Expression.parse("$.kids[*]");
     * try (Crawl<Outcome> crawl = fanout.crawl(storyRequests.iterator(), CrawlRules.DEFAULT, (o, frontier) -> {
     *     for (Object id : kids.values(Body.of(o))) {
     *         frontier.add(Request.get("https://hacker-news.firebaseio.com/v0/item/" + id + ".json"));
     *     }
     *     return o;
     * })) {
     *     crawl.stream().forEach(sink::write);
     * }
     * }</pre>
     *
     * A body the expression cannot read throws {@link dev.fanout.extract.ExtractException} from the step and ends
     * the crawl; catch it in the step to go on. Every input yields one outcome, as in {@link #stream}; found requests carry their depth and parent. Needs a client
     * that keeps bodies.
     */
    public <R> Crawl<R> crawl(Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step) {
        return crawl(inputs, rules, step, false);
    }

    /** {@link #crawl(Iterator, CrawlRules, CrawlStep)}, optionally yielding in the order requests started. */
    public <R> Crawl<R> crawl(Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step, boolean ordered) {
        return crawl(inputs, rules, step, ordered, CrawlJournal.NONE);
    }

    /**
     * {@link #crawl(Iterator, CrawlRules, CrawlStep, boolean)}, continuing what {@code journal} kept of earlier runs
     * and keeping in it what this one joins (fanout-batch's {@code Job} is such a journal).
     */
    public <R> Crawl<R> crawl(Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step, boolean ordered,
                              CrawlJournal journal) {
        if (!config.keepBodies()) {
            throw new IllegalStateException("a crawl reads response bodies: build the client with keepBodies(true)");
        }
        return CrawlRun.start(engine, inputs, rules, step, ordered, journal);
    }

    /** Retries by reason, adaptive limits and hosts given up, so far. Safe to call at any time. */
    public ClientStats stats() {
        return engine.stats();
    }

    /** Retries waiting for their time right now (how many, how many a Retry-After asked for, the longest wait left). */
    public RetryWaits retryWaits() {
        return engine.retryWaits();
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Ends the client in a process that exits right after (a command-line run): as {@link #close}, every call not
     * ended yet ends as cancelled, but the connections are not closed one by one. The I/O threads stop where they
     * are and the operating system closes the connections as the process ends, without a TLS close_notify or an
     * HTTP/2 GOAWAY, as when any client's process ends. Saves ~0.13 ms per open connection and lets the JVM exit
     * at once. The I/O threads never end, so a program that goes on after it must call {@link #close} instead.
     */
    public void closeForExit() {
        engine.closeForExit();
    }

    /** Settings for a {@link Fanout}; every one has a sensible default. */
    public static final class Builder {
        private int concurrency = 100;
        private int perHost = Integer.MAX_VALUE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(30);
        private Headers defaultHeaders = Headers.of("User-Agent", "fanout/" + Version.VERSION, "Accept", "*/*",
                "Accept-Encoding", NettyTransport.ACCEPT_ENCODING);
        private boolean keepBodies = true;
        private long maxBodyBytes = 64L << 20;
        private int ioThreads = 0;
        private int streamBuffer = -1;
        private Duration firstByteTimeout = Duration.ZERO;
        private Duration readTimeout = Duration.ZERO;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private RateLimit rate;
        private RateLimit ratePerHost;
        private AdaptiveLimit adaptive;
        private int deadHostAfter = 10;
        private TlsSettings tls = TlsSettings.DEFAULT;
        private RedirectPolicy redirects = RedirectPolicy.DEFAULT;
        private final List<String> blockedNetworks = new ArrayList<>();
        private Long maxMemory;
        private Path saveBodies;
        private ProxyConfig proxy = ProxyConfig.NONE;
        private CookieJar cookies;
        private boolean rateHeaders = true;

        private Builder() {
        }

        /** Requests in flight at once over all hosts (default 100). */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** Requests in flight at once per origin (default: no limit beyond {@link #concurrency(int)}). */
        public Builder perHost(int n) {
            this.perHost = n;
            return this;
        }

        /** Limit on making a connection (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Limit on one attempt, start to last byte (default 30 s). */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Adds a header sent with every request (a request may override it by name). */
        public Builder defaultHeader(String name, String value) {
            this.defaultHeaders = defaultHeaders.overriddenBy(Headers.of(name, value));
            return this;
        }

        Builder defaultHeaders(Headers all) { // builder(config): the headers as they are, none added
            this.defaultHeaders = all;
            return this;
        }

        /** Limit from a request's last byte sent to its response's first byte (default: none beyond the timeout). */
        public Builder firstByteTimeout(Duration d) {
            this.firstByteTimeout = d;
            return this;
        }

        /** Limit on a silence between response bytes, the wait for the first included (default: none). */
        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /** Which attempts are retried and how long to wait (default {@link RetryPolicy#DEFAULT}: 3 retries). */
        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /** Shorthand for the default retry policy with {@code n} retries (0 turns retrying off). */
        public Builder retries(int n) {
            this.retry = retry.withMaxRetries(n);
            return this;
        }

        /** Limit on request starts over all hosts (default none). */
        public Builder rate(RateLimit limit) {
            this.rate = limit;
            return this;
        }

        /** Limit on request starts per origin (default none). */
        public Builder ratePerHost(RateLimit limit) {
            this.ratePerHost = limit;
            return this;
        }

        /** Adapts each origin's concurrency to how it copes (default off: the fixed {@link #perHost(int)}). */
        public Builder adaptive(AdaptiveLimit settings) {
            this.adaptive = settings;
            return this;
        }

        /** Gives up an origin after this many connection failures in a row (default 10; 0 never). */
        public Builder deadHostAfter(int failures) {
            this.deadHostAfter = failures;
            return this;
        }

        /** How HTTPS servers are checked (default: the JDK trust store, host names verified). */
        public Builder tls(TlsSettings settings) {
            this.tls = settings;
            return this;
        }

        /** Which redirects are followed (default {@link RedirectPolicy#DEFAULT}: up to 10, never https → http). */
        public Builder redirects(RedirectPolicy policy) {
            this.redirects = policy;
            return this;
        }

        /** Whether outcomes carry bodies and headers (default true); when false only body sizes are counted. */
        public Builder keepBodies(boolean keep) {
            this.keepBodies = keep;
            return this;
        }

        /** Cap on one response body; larger ones fail as {@code too_large} (default 64 MiB). */
        public Builder maxBodyBytes(long max) {
            this.maxBodyBytes = max;
            return this;
        }

        /** Event-loop threads (default: one per core, at most 4). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /**
         * Adds a network (CIDR, e.g. {@code 10.0.0.0/8} or {@code 127.0.0.0/8}) that links a crawl found and
         * redirect targets may not connect to, whatever name leads there. Link-local, unique-local and metadata
         * addresses are always blocked. Throws IllegalArgumentException for a malformed network.
         */
        public Builder blockNetwork(String cidr) {
            Cidr.parse(cidr);
            blockedNetworks.add(cidr);
            return this;
        }

        /**
         * Bytes of response bodies held in memory at once, over all requests (default: a quarter of the heap,
         * {@code Runtime.maxMemory() / 4}). A body counts from its first byte until its outcome is handed over:
         * a future completed, or, in a stream, until the consumer asks for the next outcome. When it is used up,
         * requests stop reading and wait for room rather than fail; a single body larger than it fails as
         * {@code too_large}, saying so.
         */
        public Builder maxMemory(long bytes) {
            this.maxMemory = bytes;
            return this;
        }

        /**
         * Which proxies requests go through (default {@link ProxyConfig#NONE}: direct; the environment is not read
         * unless given, e.g. {@code ProxyConfig.fromEnvironment(System.getenv())}).
         */
        public Builder proxy(ProxyConfig settings) {
            this.proxy = java.util.Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Writes every response body to a file in {@code dir} as it arrives, instead of (or, when bodies are
         * kept, as well as) holding it in memory; {@link Outcome#bodyFile()} names it, and
         * fanout-batch's {@code BodyFiles.save} gives it its safe name. Bodies of attempts that were retried or
         * redirected are deleted. The directory must exist.
         */
        public Builder saveBodiesTo(Path dir) {
            this.saveBodies = dir;
            return this;
        }

        /**
         * Keeps cookies in {@code jar} and sends them where they apply (default: none kept, none sent beyond a
         * request's own {@code Cookie} header). Save the jar after the run to keep them, e.g. {@link CookieJar#save}.
         */
        public Builder cookies(CookieJar jar) {
            this.cookies = jar;
            return this;
        }

        /**
         * Whether each origin is paced by the quota its responses state ({@code RateLimit}/{@code RateLimit-Policy},
         * {@code RateLimit-Remaining}, {@code X-RateLimit-Remaining} and their reset) or, when it answers 429
         * without them, by a rate learned from its refusals; over-quota answers (429, or 403 with a remainder
         * of 0) are then retried after the reset whatever the retry policy's statuses (default true).
         */
        public Builder rateHeaders(boolean read) {
            this.rateHeaders = read;
            return this;
        }

        /** Outcomes a stream may hold beyond those in flight (default: max(concurrency, 1024)). */
        public Builder streamBuffer(int n) {
            this.streamBuffer = n;
            return this;
        }

        public FanoutConfig config() {
            int buffer = streamBuffer > 0 ? streamBuffer : Math.max(concurrency, 1024);
            int hostLimit = Math.min(perHost, concurrency);
            AdaptiveLimit adapt = adaptive == null ? null : adaptive.withMax(Math.min(adaptive.max(), hostLimit));
            return new FanoutConfig(concurrency, hostLimit, connectTimeout, firstByteTimeout, readTimeout, timeout,
                    defaultHeaders, keepBodies, maxBodyBytes, ioThreads, buffer, retry, rate, ratePerHost, adapt,
                    deadHostAfter, tls, redirects, blockedNetworks, maxMemory == null ? MemoryBudget.defaultBytes() : maxMemory,
                    saveBodies, proxy, cookies, rateHeaders);
        }

        public Fanout build() {
            return new Fanout(config());
        }
    }
}
