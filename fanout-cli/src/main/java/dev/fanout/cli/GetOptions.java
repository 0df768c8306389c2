package dev.fanout.cli;

import dev.fanout.Fanout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/**
 * The options of {@code fanout get}, for commands that run the same job somewhere else ({@code fanout spark
 * get}): they start from {@link #spec(Io)}, remove what does not apply and add their own, and read the values
 * back through this class — so that each option is described, parsed and checked in one place.
 */
public final class GetOptions {
    private final GetCommand command;

    private GetOptions(GetCommand command) {
        this.command = command;
    }

    /** A new model of {@code get}'s options and positional URL arguments. */
    public static CommandSpec spec(Io io) {
        return GetCommand.spec(io);
    }

    /** The values of a parse made with a model from {@link #spec(Io)}; options not given keep get's defaults. */
    public static GetOptions of(ParseResult parsed, Io io) {
        GetCommand c = new GetCommand(io);
        c.bind(parsed);
        return new GetOptions(c);
    }

    /**
     * The client's settings (limits, timeouts, retries, redirects, TLS, blocked networks), checked.
     *
     * @throws IllegalArgumentException naming the option whose value is wrong
     */
    public Fanout.Builder client() {
        command.validateNumbers();
        return command.clientSettings();
    }

    /** The URL arguments: for a template run, one URL template. */
    public List<String> urls() {
        return List.copyOf(command.urls);
    }

    public String method() {
        return command.method;
    }

    /** The -H values, "Name: value". */
    public List<String> headers() {
        return List.copyOf(command.headers);
    }

    /** The -d body (read from the file for {@code @file}), or null. */
    public String body() {
        return command.body();
    }

    /** The -e values, "NAME=EXPR". */
    public List<String> extracts() {
        return List.copyOf(command.extracts);
    }

    /** Whether records include response bodies (--body). */
    public boolean includeBody() {
        return command.body;
    }

    public boolean quiet() {
        return command.quiet;
    }

    public int concurrency() {
        return command.concurrency;
    }

    /** --per-host, or null when not given. */
    public Integer perHost() {
        return command.perHost;
    }

    /** --rate as given, or null. */
    public String rate() {
        return command.rate;
    }

    /** --rate-per-host as given, or null. */
    public String ratePerHost() {
        return command.ratePerHost;
    }

    /** --burst, or null. */
    public Integer burst() {
        return command.burst;
    }
}
