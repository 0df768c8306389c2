package dev.fanout.cli;

import dev.fanout.internal.job.Digest;
import dev.fanout.job.JobWording;
import dev.fanout.Redaction;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What identifies a {@code --job}: the inputs and the requests they make — URLs or template, {@code -i}, {@code -p},
 * method, headers, body, redirects and blocked networks, extraction, the crawl's rules, and where and how records
 * are written ({@code -o}, {@code --format}, {@code --body}, {@code --save-dir}). How fast and how stubbornly those
 * requests are made is not part of it ({@link #TUNING}: concurrency, rates, retries, timeouts, size and dead-host
 * limits, TLS and protocol choices, progress, order), so a job may be continued with other tuning.
 *
 * <p>The identity is written as a canonical command — URLs first, then the options that define the job in the
 * order {@code get --help} lists them, by their shortest names, each value as given — so neither the order of options nor
 * {@code --name=value} against {@code --name value} makes another job. Secrets stay out, since the job file
 * keeps it: a literal header value, cookie data and a literal {@code -d} body are kept as digests (the same value
 * gives the same digest), URL credentials (user-info and credential query values, {@link Redaction}) as
 * {@code ***}; {@code @file} and {@code ${ENV}} references as written.
 */
final class JobSettings {
    /** How a job's messages name the job file and the flags that continue it otherwise: {@code get}'s options. */
    static final JobWording WORDING = new JobWording("--job", "add --force", "as a crawl (--follow)", "without --follow");

    /** Options that steer how a job's requests are made, not which: they may change between runs of one job. */
    static final Set<String> TUNING = Set.of("--concurrency", "--per-host", "--timeout", "--connect-timeout",
            "--first-byte-timeout", "--read-timeout", "--max-body", "--retries", "--retry-on", "--retry-unsafe", "--backoff",
            "--max-retry-wait", "--rate", "--rate-per-host", "--burst", "--adaptive", "--dead-host-after", "--cacert",
            "--insecure", "--http1.1", "--ordered", "--quiet", "--progress", "--help", "--max-memory", "--ignore-rate-headers",
            // which way requests go out, not which requests
            "--proxy", "--proxy-list", "--proxy-rotate", "--per-proxy", "--proxy-fail-after", "--noproxy",
            // this run's handling of the job itself
            "--job", "--force", "--retry-failed");
    private static final Set<String> HEADER = Set.of("--header");
    private static final Set<String> COOKIE = Set.of("--cookie");
    private static final Set<String> DATA = Set.of("--data");

    private JobSettings() {
    }

    static String of(ParseResult r) {
        return of(r, Redaction.DEFAULT);
    }

    /** The job's identity, URLs masked by {@code redaction}. */
    static String of(ParseResult r, Redaction redaction) {
        List<String> kept = new ArrayList<>();
        for (PositionalParamSpec p : r.matchedPositionals()) {
            for (String url : p.stringValues()) {
                kept.add(redaction.url(url));
            }
        }
        for (OptionSpec o : r.commandSpec().options()) {
            String name = o.longestName();
            if (TUNING.contains(name) || !r.hasMatchedOption(name)) {
                continue;
            }
            OptionSpec matched = r.matchedOption(name);
            String shortest = o.shortestName();
            if (matched.arity().max() == 0) {
                kept.add(shortest);
                continue;
            }
            for (String v : matched.stringValues()) {
                kept.add(shortest);
                kept.add(HEADER.contains(name) ? header(v) : COOKIE.contains(name) ? cookie(v)
                        : DATA.contains(name) ? data(v) : redaction.url(v));
            }
        }
        return "fanout get " + String.join(" ", kept.stream().map(Shell::quote).toList());
    }
    private static String header(String h) {
        int colon = h.indexOf(':');
        if (colon < 0) {
            return h;
        }
        String value = h.substring(colon + 1).strip();
        if (value.startsWith("@") || (value.startsWith("${") && value.endsWith("}"))) {
            return h;
        }
        return h.substring(0, colon) + ": sha256:" + Digest.of(value);
    }

    /** A body given on the command line may hold a secret: kept as a digest (a @file reference as written). */
    private static String data(String body) {
        return body.startsWith("@") && !body.startsWith("@@") ? body : "sha256:" + Digest.of(body);
    }

    /** Cookie data ({@code n=v; …}) as a digest; a jar file's name as it is. */
    private static String cookie(String c) {
        return c.indexOf('=') < 0 ? c : "sha256:" + Digest.of(c.strip());
    }
}
