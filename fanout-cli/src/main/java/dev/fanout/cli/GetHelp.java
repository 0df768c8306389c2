package dev.fanout.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of {@code fanout get --help}: its many options grouped by topic, then examples and the exit codes.
 *
 * <p>The topic of each option is part of its declaration ({@link GetOptionTable}); options a command adds to
 * get's model outside that table ({@code fanout spark get}'s own) are listed under "Other options".
 */
final class GetHelp {
    /** Topic heading → the options it lists, in order (the longest name of each option). */
    static final Map<String, List<String>> TOPICS = topics();

    private GetHelp() {
    }

    private static Map<String, List<String>> topics() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        for (GetOption.Topic topic : GetOption.Topic.values()) {
            List<String> names = new ArrayList<>();
            for (GetOption<?> o : GetOptionTable.ALL) {
                if (o.topic() == topic) {
                    names.add(o.name());
                }
            }
            t.put(topic.heading, List.copyOf(names));
        }
        return t;
    }

    /** The examples and exit codes after the options; every line fits 80 columns. */
    static final String[] FOOTER = {
            "",
            "Examples:",
            "  fanout get https://example.org/a https://example.org/b",
            "  fanout get -i urls.txt -c 200 -o results.csv",
            "  fanout get 'http://api/items/{id}' -p id=1..10000 --per-host 50",
            "  cat ids | fanout get 'http://api/item/{}.json' --ordered",
            "  fanout get 'http://api/q?s={t}' -p t=@tickers.txt --rate 50/s --retries 5",
            "  fanout get -i urls.txt --adaptive --read-timeout 10s",
            "  fanout get 'https://q.example/v8/finance/chart/{t}' -p t=@tickers.txt \\",
            "      -e 'price=$.chart.result[0].meta.regularMarketPrice | round(2)' \\",
            "      -o prices.csv",
            "  cat story_ids | fanout get 'https://hn.example/v0/item/{}.json' \\",
            "      --follow '$.kids[*]'",
            "  fanout get https://docs.example/ --follow 'css:a@href' -e title=css:title",
            "  fanout get 'https://api.example/q/{id}' -p id=@ids.txt --job q.job -o q.csv",
            "",
            "A record is \"failed\" when its input got no HTTP response (connect, timeout,",
            "...: its error field says which). A 404, 429 or 503 is a response, not a",
            "failure; --job with --retry-failed also runs inputs answered 429 or 5xx again.",
            "",
            "Exit codes:",
            "  0    every input got an HTTP response (of any status)",
            "  1    at least one input failed (got no response); its record says why",
            "  2    usage error: bad option or value, unreadable file, or the --job or -o",
            "       file is another run's (it names the process); nothing was sent",
            "  3    reading input or writing output failed during the run, or an internal",
            "       error",
            "  130  interrupted (Ctrl-C): what arrived is written and committed; a second",
            "       Ctrl-C ends at once",
            "  141  standard output was closed (| head): sending stopped",
            "  143  terminated (SIGTERM), as for 130",
    };

    /** Replaces the flat option list of {@code spec}'s help with one section per topic. */
    static void install(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        usage.abbreviateSynopsis(true).optionListHeading("").footer(FOOTER);
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, GetHelp::optionList);
    }

    private static String optionList(Help help) {
        CommandSpec spec = help.commandSpec();
        List<OptionSpec> placed = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> topic : TOPICS.entrySet()) {
            List<OptionSpec> options = new ArrayList<>();
            for (String name : topic.getValue()) {
                OptionSpec o = spec.findOption(name);
                if (o != null && !placed.contains(o)) {
                    options.add(o);
                    placed.add(o);
                }
            }
            section(help, out, topic.getKey(), options);
        }
        List<OptionSpec> other = new ArrayList<>(spec.options());
        other.removeAll(placed);
        section(help, out, "Other options", other);
        return out.toString();
    }

    private static void section(Help help, StringBuilder out, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec o : options) {
            layout.addOption(o, help.parameterLabelRenderer());
        }
        out.append('\n').append(heading).append(":\n").append(layout);
    }

    /** The options of {@code spec} that no topic lists (empty when the table is complete). */
    static List<String> unplaced(CommandSpec spec) {
        List<String> missing = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            boolean found = false;
            for (List<String> names : TOPICS.values()) {
                for (String n : o.names()) {
                    found |= names.contains(n);
                }
            }
            if (!found) {
                missing.add(o.longestName());
            }
        }
        return missing;
    }
}
