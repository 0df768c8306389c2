package dev.fanout.cli;

import dev.fanout.ProxyConfig;
import dev.fanout.RedirectPolicy;
import dev.fanout.RetryPolicy;
import dev.fanout.cli.GetOption.InJob;
import dev.fanout.cli.GetOption.Kind;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.fanout.cli.GetOption.Topic.CRAWLING;
import static dev.fanout.cli.GetOption.Topic.EXTRACTION;
import static dev.fanout.cli.GetOption.Topic.HELP;
import static dev.fanout.cli.GetOption.Topic.INPUTS;
import static dev.fanout.cli.GetOption.Topic.JOBS;
import static dev.fanout.cli.GetOption.Topic.LIMITS;
import static dev.fanout.cli.GetOption.Topic.OUTPUT;
import static dev.fanout.cli.GetOption.Topic.PROXIES_AND_COOKIES;
import static dev.fanout.cli.GetOption.Topic.RESILIENCE;
import static dev.fanout.cli.GetOption.Topic.SECURITY;
import static dev.fanout.cli.GetOption.flag;
import static dev.fanout.cli.GetOption.list;
import static dev.fanout.cli.GetOption.special;
import static dev.fanout.cli.GetOption.value;

/**
 * Every option of {@code fanout get}, each declared once ({@link GetOption}), in the order of the command's model.
 * That order is also the order of a job's identity ({@link JobSettings}), so an option that counts in it keeps its
 * place among the others that do (or jobs started before would be another command's); tuning options may move.
 * The help prints them by {@linkplain GetOption.Topic topic}, in this order within each.
 */
final class GetOptionTable {
    private static final List<GetOption<?>> OPTIONS = new ArrayList<>();

    // Inputs and requests
    static final GetOption<String> INPUT = add(value(String.class, null, "FILE", INPUTS, "Read URLs (or {} values) from FILE, one per line; - reads stdin. Blank lines and # comments are skipped. A .csv, .tsv, .jsonl or .ndjson FILE is a table: one request per row, {column} fills the template.", "-i", "--input"));
    static final GetOption<String> INPUT_FORMAT = add(value(String.class, null, "csv|tsv|jsonl|lines", INPUTS, "How -i is read (default: from its extension, else lines).", "--input-format"));
    static final GetOption<List<String>> PARAM = add(list("NAME=VALUES", INPUTS, "Values of {NAME}: a,b,c | 1..10000 | @file | @- (stdin).", "-p", "--param"));
    static final GetOption<String> METHOD = add(value(String.class, "GET", "METHOD", INPUTS, "HTTP method (default: GET).", "-X", "--method"));
    static final GetOption<List<String>> HEADER = add(list("'Name: value'", INPUTS, "Add a header (repeatable; the value may use placeholders).", "-H", "--header").inJob(InJob.HEADER));
    static final GetOption<String> DATA = add(value(String.class, null, "BODY", INPUTS, "Request body (may use placeholders); @file reads it from a file; ${ENV} takes a secret from the environment (so may the URL, and ?name=@file).", "-d", "--data").inJob(InJob.BODY));

    // Limits and timeouts
    static final GetOption<Integer> CONCURRENCY = add(value(int.class, 100, "N", LIMITS, "Requests in flight at once (default: 100).", "-c", "--concurrency").tuning());
    static final GetOption<Integer> PER_HOST = add(value(Integer.class, null, "N", LIMITS, "Requests in flight at once per host (default: no limit beyond -c).", "--per-host").tuning());
    static final GetOption<String> RATE = add(value(String.class, null, "RATE", LIMITS, "At most this many request starts overall: 50/s, 600/m, 1000/h (default: no limit).", "--rate").tuning());
    static final GetOption<String> RATE_PER_HOST = add(value(String.class, null, "RATE", LIMITS, "At most this many request starts per host (default: no limit).", "--rate-per-host").tuning());
    static final GetOption<Integer> BURST = add(value(Integer.class, null, "N", LIMITS, "Requests a rate bucket lets start back to back (default: 1, evenly spaced).", "--burst").tuning());
    static final GetOption<Boolean> ADAPTIVE = add(flag(LIMITS, "Adapt each host's concurrency: grow while it copes, back off on 429/503/timeouts.", "--adaptive").tuning());
    static final GetOption<Boolean> IGNORE_RATE_HEADERS = add(flag(LIMITS, "Do not pace hosts by their RateLimit / X-RateLimit fields or learn a rate from their 429s (on by default; over-quota answers are then retried only as --retry-on says).", "--ignore-rate-headers").tuning());
    static final GetOption<Duration> TIMEOUT = add(value(Duration.class, Duration.ofSeconds(30), "DURATION", LIMITS, "Limit per attempt, connect to last byte (default: 30s).", "--timeout").converter(new Units.DurationConverter()).tuning());
    static final GetOption<Duration> CONNECT_TIMEOUT = add(value(Duration.class, Duration.ofSeconds(10), "DURATION", LIMITS, "Limit on making a connection (default: 10s).", "--connect-timeout").converter(new Units.DurationConverter()).tuning());
    static final GetOption<Duration> FIRST_BYTE_TIMEOUT = add(value(Duration.class, Duration.ZERO, "DURATION", LIMITS, "Limit from sending a request to its first response byte (default: none beyond --timeout).", "--first-byte-timeout").converter(new Units.DurationConverter()).tuning());
    static final GetOption<Duration> READ_TIMEOUT = add(value(Duration.class, Duration.ZERO, "DURATION", LIMITS, "Limit on a silence between response bytes (default: none beyond --timeout).", "--read-timeout").converter(new Units.DurationConverter()).tuning());
    static final GetOption<Long> MAX_BODY = add(value(Long.class, 64L << 20, "SIZE", LIMITS, "Larger bodies fail as too_large (default: 64MiB).", "--max-body").converter(new Units.SizeConverter()).tuning());
    static final GetOption<Long> MAX_MEMORY = add(value(Long.class, null, "SIZE", LIMITS, "Response bodies held in memory at once, over all requests (e.g. 512MiB); requests wait for room (default: a quarter of the Java heap).", "--max-memory").converter(new Units.SizeConverter()).tuning());

    // Resilience
    static final GetOption<Integer> RETRIES = add(value(int.class, RetryPolicy.DEFAULT.maxRetries(), "N", RESILIENCE, "Retries per request after the first attempt (default: 3; 0 = off).", "--retries").tuning());
    static final GetOption<String> RETRY_ON = add(value(String.class, null, "LIST", RESILIENCE, "What is retried: statuses (503, 5xx) and failure kinds (default: 429,502,503,504,connect,timeout,reset,protocol,local_limit,proxy).", "--retry-on").tuning());
    static final GetOption<Boolean> RETRY_UNSAFE = add(flag(RESILIENCE, "Also retry POST/PATCH requests that may have reached the server.", "--retry-unsafe").tuning());
    static final GetOption<Duration> BACKOFF = add(value(Duration.class, RetryPolicy.DEFAULT.backoff().initial(), "DURATION", RESILIENCE, "First retry's wait, doubling after (jittered, at most 10s; default: 200ms).", "--backoff").converter(new Units.DurationConverter()).tuning());
    static final GetOption<Duration> MAX_RETRY_WAIT = add(value(Duration.class, RetryPolicy.DEFAULT.maxRetryWait(), "DURATION", RESILIENCE, "Longest wait before a retry, Retry-After included (default: 60s).", "--max-retry-wait").converter(new Units.LatencyConverter()).tuning());
    static final GetOption<Integer> DEAD_HOST_AFTER = add(value(int.class, 10, "N", RESILIENCE, "Give a host up after N connection failures in a row; its other inputs fail as host_unreachable (default: 10; 0 = never).", "--dead-host-after").tuning());

    // Extraction
    static final GetOption<List<String>> EXTRACT = add(list("NAME=EXPR", EXTRACTION, "Extract a field from each response (repeatable): $.json.path | /json/pointer | css:selector[@attr] | re:regex | header:Name | link:rel, then optional steps: | round(2), int, trim, lower, upper, first, count, all, join(,).", "-e", "--extract"));
    static final GetOption<String> EACH = add(value(String.class, null, "EXPR", EXTRACTION, "One record per item EXPR selects from each 2xx response (e.g. '$.results[*]'), with -e expressions starting with @ read from the item and an 'item' column; a response without items still gives one record.", "--each"));

    // Crawling
    static final GetOption<List<String>> FOLLOW = add(list("[NAME=]EXPR", CRAWLING, "Crawl: every value EXPR selects from a 2xx response becomes a new request while the run goes on; links are fetched as links, other values fill the URL template (NAME picks its placeholder). Each URL once. link:next follows a Link header's next page.", "--follow"));
    static final GetOption<String> FOLLOW_TEMPLATE = add(value(String.class, null, "TEMPLATE", CRAWLING, "The URL template found values fill, e.g. 'https://host/item/{}.json' (default: the run's own template).", "--follow-template"));
    static final GetOption<Integer> MAX_DEPTH = add(value(Integer.class, null, "N", CRAWLING, "Follow links at most N deep from an input (default: no limit).", "--max-depth"));
    static final GetOption<Long> MAX_REQUESTS = add(value(Long.class, null, "N", CRAWLING, "Stop following once N requests, inputs included, are made or queued (default: no limit).", "--max-requests"));
    static final GetOption<String> SCOPE = add(value(String.class, null, "SCOPE", CRAWLING, "Hosts links may lead to: same-host (default), any, or a list like example.org,*.example.org.", "--scope"));
    static final GetOption<Boolean> IGNORE_ROBOTS = add(flag(CRAWLING, "Follow links that robots.txt disallows (by default it is fetched once per host and obeyed).", "--ignore-robots"));

    // Security and redirects
    static final GetOption<Integer> MAX_REDIRECTS = add(value(int.class, RedirectPolicy.DEFAULT.maxRedirects(), "N", SECURITY, "Follow at most N redirects (default: 10; 0 records a 3xx as it came). Credentials are dropped when a redirect leaves the host.", "--max-redirects"));
    static final GetOption<Boolean> ALLOW_INSECURE_REDIRECTS = add(flag(SECURITY, "Follow redirects from https to http (refused by default).", "--allow-insecure-redirects"));
    static final GetOption<String> CACERT = add(value(String.class, null, "FILE", SECURITY, "Trust the CA certificates in this PEM file instead of the JDK's trust store.", "--cacert").tuning());
    static final GetOption<Boolean> INSECURE = add(flag(SECURITY, "Do not check HTTPS certificates or host names (testing only: the traffic can then be read and changed).", "-k", "--insecure").tuning());
    static final GetOption<List<String>> BLOCK_NETWORK = add(list("CIDR", SECURITY, "Crawled links and redirects may not connect into this network (repeatable; e.g. 10.0.0.0/8, 127.0.0.0/8). Link-local, unique-local and metadata addresses are always blocked, unless an input or --scope names the host.", "--block-network"));
    static final GetOption<List<String>> REDACT = add(list("NAME", SECURITY, "Also mask the query parameter NAME wherever a URL is written (repeatable; key, api_key, token, signature... are masked always).", "--redact"));
    static final GetOption<Boolean> HTTP1_ONLY = add(flag(SECURITY, "Speak HTTP/1.1 only (by default HTTPS servers that offer HTTP/2 get it, one connection per host).", "--http1.1").tuning());

    // Proxies and cookies: which way requests go out, not which requests
    static final GetOption<String> PROXY = add(value(String.class, null, "URL", PROXIES_AND_COOKIES, "Send requests through this proxy: http://, https:// (TLS to the proxy), socks5:// (names resolved here) or socks5h:// (by the proxy); user:pass@ for its credentials. '' ignores the proxy environment variables. Default: http_proxy, https_proxy, all_proxy from the environment.", "-x", "--proxy").tuning());
    static final GetOption<String> PROXY_LIST = add(value(String.class, null, "FILE", PROXIES_AND_COOKIES, "Spread requests over the proxies in FILE (one URL per line; # comments).", "--proxy-list").tuning());
    static final GetOption<String> PROXY_ROTATE = add(value(String.class, null, "per-request|per-host", PROXIES_AND_COOKIES, "How --proxy-list spreads requests: each request the next proxy (default), or every request to a host through the same one.", "--proxy-rotate").tuning());
    static final GetOption<Integer> PER_PROXY = add(value(Integer.class, null, "N", PROXIES_AND_COOKIES, "Requests in flight at once through one proxy (default: no limit beyond -c).", "--per-proxy").tuning());
    static final GetOption<Integer> PROXY_FAIL_AFTER = add(value(Integer.class, null, "N", PROXIES_AND_COOKIES, "Take a proxy out after N of its own failures in a row; its requests go on through the others (default: " + ProxyConfig.DEFAULT_FAIL_AFTER + "; 0 = never).", "--proxy-fail-after").tuning());
    static final GetOption<String> NOPROXY = add(value(String.class, null, "LIST", PROXIES_AND_COOKIES, "Hosts reached directly: comma list of names (with their subdomains), .domains, IPs, CIDRs, or * (default: NO_PROXY).", "--noproxy").tuning());
    static final GetOption<List<String>> COOKIE = add(list("'NAME=VALUE; …'|FILE", PROXIES_AND_COOKIES, "Send these cookies with every request (repeatable); a FILE (no '=') is a cookie jar to read them from.", "-b", "--cookie").inJob(InJob.COOKIE));
    static final GetOption<String> COOKIE_JAR = add(value(String.class, null, "FILE", PROXIES_AND_COOKIES, "Keep cookies in FILE (Netscape/curl format): read at the start, Set-Cookie answers kept and sent where they apply, written back at the end (mode 0600).", "--cookie-jar"));

    // Output
    static final GetOption<String> OUTPUT_FILE = add(value(String.class, null, "FILE", OUTPUT, "Write records to FILE (default: stdout).", "-o", "--output"));
    static final GetOption<String> FORMAT = add(value(String.class, null, "jsonl|csv|tsv|sqlite", OUTPUT, "Record format (default: from the -o extension: .jsonl, .csv, .tsv, .sqlite/.db; jsonl when there is none).", "--format"));
    static final GetOption<Boolean> BODY = add(flag(OUTPUT, "Include response bodies in the records.", "--body"));
    static final GetOption<String> SAVE_DIR = add(value(String.class, null, "DIR", OUTPUT, "Save each response body as a file in DIR, named safely from its URL (never overwriting); records say which in 'saved'.", "--save-dir"));
    static final GetOption<Boolean> ORDERED = add(flag(OUTPUT, "Write records in input order (bounded buffering) instead of as they complete.", "--ordered").tuning());
    static final GetOption<Boolean> QUIET = add(flag(OUTPUT, "No progress and no summary.", "-q", "--quiet").tuning());
    static final GetOption<Boolean> PROGRESS = add(special(Kind.NEGATABLE, OUTPUT, "Force the progress line on or off (default: on when stderr is a terminal).", "--progress").tuning());

    // Jobs: this run's handling of the job itself
    static final GetOption<String> JOB = add(value(String.class, null, "FILE", JOBS, "Keep the job's state in FILE (SQLite): run the same command again after a crash or Ctrl-C and it does only what is left, every input's record in -o exactly once.", "--job").tuning());
    static final GetOption<Boolean> FORCE = add(flag(JOBS, "With --job: continue the job even though this command differs from the one that started it.", "--force").tuning());
    static final GetOption<Boolean> RETRY_FAILED = add(flag(JOBS, "With --job: run the inputs that failed (no response, 429 or 5xx) again, replacing their records.", "--retry-failed").tuning());

    // Help
    static final GetOption<Boolean> USAGE_HELP = add(special(Kind.HELP, HELP, "Show this help message and exit.", "-h", "--help").tuning());
    static final GetOption<Boolean> VERSION = add(special(Kind.VERSION, HELP, "Print version information and exit.", "-V", "--version"));

    /** Every option, in the model's order. */
    static final List<GetOption<?>> ALL = List.copyOf(OPTIONS);
    private static final Map<String, GetOption<?>> BY_NAME = byName();

    private GetOptionTable() {
    }

    private static <T> GetOption<T> add(GetOption<T> option) {
        OPTIONS.add(option);
        return option;
    }

    private static Map<String, GetOption<?>> byName() {
        Map<String, GetOption<?>> m = new HashMap<>();
        for (GetOption<?> o : OPTIONS) {
            for (String n : o.names()) {
                m.put(n, o);
            }
        }
        return m;
    }

    /** The option of that name (any of its names), or null when get has none. */
    static GetOption<?> named(String name) {
        return BY_NAME.get(name);
    }

    /** The URL arguments in {@code parsed} (none when not given). */
    static List<String> urls(ParseResult parsed) {
        return parsed.matchedPositionalValue(0, List.of());
    }

    /** The positional URL arguments' model. */
    static PositionalParamSpec urlsSpec() {
        return PositionalParamSpec.builder().paramLabel("URL").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description("URLs, or one URL template with {name} or {} placeholders.").build();
    }
}
