package dev.fanout.cli;

import dev.fanout.client.Fanout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/**
 * The options of {@code fanout get}, for commands that run the same job somewhere else ({@code fanout spark
 * get}): they start from {@link #spec(Io)}, remove what does not apply and add their own, and read the values
 * back through this class — so that each option is described, parsed and checked in one place.
 */
public final class GetOptions {
    private final ParseResult parsed;
    private final Io io;

    private GetOptions(ParseResult parsed, Io io) {
        this.parsed = parsed;
        this.io = io;
    }

    /** A new model of {@code get}'s options and positional URL arguments. */
    public static CommandSpec spec(Io io) {
        return GetCommand.spec(io);
    }

    /** The values of a parse made with a model from {@link #spec(Io)}; options not given keep get's defaults. */
    public static GetOptions of(ParseResult parsed, Io io) {
        return new GetOptions(parsed, io);
    }

    /**
     * The client's settings (limits, timeouts, retries, redirects, TLS, blocked networks), checked.
     *
     * @throws IllegalArgumentException naming the option whose value is wrong
     */
    public Fanout.Builder client() {
        ClientOptions.check(parsed);
        return ClientOptions.builder(parsed, io, new ProxyOptions(parsed), new CookieOptions(parsed));
    }

    /** The URL arguments: for a template run, one URL template. */
    public List<String> urls() {
        return List.copyOf(GetOptionTable.urls(parsed));
    }

    public String method() {
        return GetOptionTable.METHOD.in(parsed);
    }

    /** The -H values, "Name: value". */
    public List<String> headers() {
        return List.copyOf(GetOptionTable.HEADER.in(parsed));
    }

    /** The -d body (read from the file for {@code @file}), or null. */
    public String body() {
        return InputOptions.body(parsed);
    }

    /** The -e values, "NAME=EXPR". */
    public List<String> extracts() {
        return List.copyOf(GetOptionTable.EXTRACT.in(parsed));
    }

    /** Whether records include response bodies (--body). */
    public boolean includeBody() {
        return GetOptionTable.BODY.in(parsed);
    }

    public boolean quiet() {
        return GetOptionTable.QUIET.in(parsed);
    }

    public int concurrency() {
        return GetOptionTable.CONCURRENCY.in(parsed);
    }

    /** --per-host, or null when not given. */
    public Integer perHost() {
        return GetOptionTable.PER_HOST.in(parsed);
    }

    /** --rate as given, or null. */
    public String rate() {
        return GetOptionTable.RATE.in(parsed);
    }

    /** --rate-per-host as given, or null. */
    public String ratePerHost() {
        return GetOptionTable.RATE_PER_HOST.in(parsed);
    }

    /** --burst, or null. */
    public Integer burst() {
        return GetOptionTable.BURST.in(parsed);
    }
}
