package dev.fanout.cli;

import dev.fanout.source.InputNames;
import dev.fanout.source.Param;
import dev.fanout.source.RequestSources;
import dev.fanout.source.ValueSource;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.fanout.cli.GetOptionTable.DATA;
import static dev.fanout.cli.GetOptionTable.HEADER;
import static dev.fanout.cli.GetOptionTable.INPUT;
import static dev.fanout.cli.GetOptionTable.INPUT_FORMAT;
import static dev.fanout.cli.GetOptionTable.METHOD;
import static dev.fanout.cli.GetOptionTable.PARAM;

/**
 * What {@code get} requests, from its URL arguments, {@code -i}, {@code -p}, {@code -X}, {@code -H} and {@code -d}:
 * the {@link RequestSources.Spec} of the run's source, and whether it reads standard input. Files named there are
 * checked (and opened) here; a bad one is an IllegalArgumentException naming its option.
 *
 * @param spec       the source's description, for {@link RequestSources#build}
 * @param readsStdin whether some input comes from standard input (which a stopped run must not wait to close)
 */
record InputOptions(RequestSources.Spec spec, boolean readsStdin) {
    /** The inputs as messages name them here: by the options that gave them. */
    static final InputNames FLAGS = new InputNames("-p", "-p %s=...", "-i", "input lines: -i FILE or standard input",
            "URLs as arguments, -i FILE, or pipe them to standard input", "-H", "-d", "--follow", "--follow-template");

    static InputOptions of(ParseResult r, Io io) {
        List<String> urls = GetOptionTable.urls(r);
        String method = METHOD.in(r).strip().toUpperCase(Locale.ROOT);
        String input = INPUT.in(r);
        boolean readsStdin = false;
        List<Param> ps = new ArrayList<>();
        for (String p : PARAM.in(r)) {
            ps.add(Param.parse(p, io.in(), FLAGS));
            readsStdin |= p.endsWith("=@-");
        }
        var table = TableInput.format(input, INPUT_FORMAT.in(r));
        if (table != null) {
            return new InputOptions(new RequestSources.Spec(method, urls, HEADER.in(r), body(r), ps, null,
                    TableInput.open(input, table, io.in()), FLAGS), readsStdin);
        }
        ValueSource lines = null;
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
        return new InputOptions(new RequestSources.Spec(method, urls, HEADER.in(r), body(r), ps, lines, null, FLAGS), readsStdin);
    }

    private static ValueSource readableLines(String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("-i " + file + ": cannot read file" + (Files.exists(p) ? " (not a readable file)" : " (no such file)"));
        }
        return ValueSource.lines(p);
    }

    /** The {@code -d} body (read from the file for {@code @file}), or null. */
    static String body(ParseResult r) {
        String data = DATA.in(r);
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
}
