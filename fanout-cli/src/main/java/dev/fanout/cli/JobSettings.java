package dev.fanout.cli;

import dev.fanout.internal.job.Digest;
import dev.fanout.Redaction;
import dev.fanout.cli.GetOption.InJob;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What identifies a {@code --job}: the inputs and the requests they make — URLs or template, {@code -i}, {@code -p},
 * method, headers, body, redirects and blocked networks, extraction, the crawl's rules, and where and how records
 * are written ({@code -o}, {@code --format}, {@code --body}, {@code --save-dir}). How fast and how stubbornly those
 * requests are made is not part of it (the options {@link GetOptionTable} marks {@linkplain InJob#TUNING tuning}:
 * concurrency, rates, retries, timeouts, size and dead-host limits, TLS and protocol choices, proxies, progress,
 * order), so a job may be continued with other tuning.
 *
 * <p>The identity is written as a canonical command — URLs first, then the options that define the job in the
 * order of {@link GetOptionTable}, by their shortest names, each value as given — so neither the order of options nor
 * {@code --name=value} against {@code --name value} makes another job. Secrets stay out, since the job file
 * keeps it: a literal header value, cookie data and a literal {@code -d} body are kept as digests (the same value
 * gives the same digest; each option's {@link InJob} says which), URL credentials (user-info and credential query values, {@link Redaction}) as
 * {@code ***}; {@code @file} and {@code ${ENV}} references as written.
 */
final class JobSettings {
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
            GetOption<?> declared = GetOptionTable.named(name);
            InJob how = declared == null ? InJob.AS_GIVEN : declared.inJob();
            if (how == InJob.TUNING || !r.hasMatchedOption(name)) {
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
                // comparisons, not a switch: a switch on another class's enum loads a class of its own at start-up
                kept.add(how == InJob.HEADER ? header(v) : how == InJob.COOKIE ? cookie(v) : how == InJob.BODY ? data(v)
                        : redaction.url(v));
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
