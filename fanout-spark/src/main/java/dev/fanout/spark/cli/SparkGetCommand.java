package dev.fanout.spark.cli;

import dev.fanout.RateLimit;
import dev.fanout.cli.GetOptions;
import dev.fanout.cli.Io;
import dev.fanout.spark.ClientFactory;
import dev.fanout.spark.FanoutSparkOptions;
import dev.fanout.spark.Limits;
import dev.fanout.spark.SparkOutput;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The model of {@code fanout spark get}: {@code fanout get}'s own options (one description of each), less those
 * that make no sense on a cluster, plus where the rows come from and go to and where Spark runs.
 */
final class SparkGetCommand {
    /** get's options that a cluster run does not take: inputs and outputs differ, crawls stay on one machine. */
    private static final List<String> NOT_ON_SPARK = List.of("--input", "--output", "--format", "--param", "--job", "--force",
            "--retry-failed", "--ordered", "--progress", "--save-dir", "--follow", "--follow-template", "--max-depth",
            "--max-requests", "--scope", "--ignore-robots");

    private SparkGetCommand() {
    }

    static CommandSpec spec(Io io) {
        CommandSpec spec = GetOptions.spec(io);
        for (String name : NOT_ON_SPARK) {
            spec.remove(spec.findOption(name));
        }
        spec.name("fanout spark get");
        spec.usageMessage()
                .description("Make one HTTP request per row of a table on a Spark cluster (or an",
                        "embedded one) and write one result row per input row: the row's columns,",
                        "then the columns of fanout get's records. {column} placeholders in the URL",
                        "template, -X, -H and -d take the row's values. Limits (-c, --per-host,",
                        "--rate, --rate-per-host) are totals over the cluster. A task Spark runs",
                        "again sends its requests again; the output keeps one row per input.")
                .footer("", "Examples:",
                        "  fanout spark get 'https://api.example/items/{id}' -i ids.csv -o results/ --per-host 50",
                        "  fanout spark get '{url}' -i urls.parquet -o out/ -e title=css:title --format csv",
                        "  fanout spark get '{url}' -i urls.jsonl -o out/ --master spark://10.0.0.5:7077 -c 2000",
                        "  fanout spark get '{url}' -i urls.jsonl -o out/ --resume        # after a failed run",
                        "",
                        "Read the results with spark.read.parquet(\"out/*\") (each batch is a directory).",
                        "Exit codes: 0 every row got a response, 1 some got none, 2 usage error,",
                        "3 the Spark job failed (committed batches are kept: run again with --resume).");
        spec.addOption(OptionSpec.builder("-i", "--input").paramLabel("FILE").type(String.class).required(true)
                .description("The rows: a .csv (with a header row), .jsonl or .parquet file or directory.").build());
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("DIR").type(String.class).required(true)
                .description("Write results to DIR, one directory per committed batch.").build());
        spec.addOption(OptionSpec.builder("--format").paramLabel("parquet|jsonl|csv").type(String.class)
                .description("Results' format (default: parquet).").build());
        PositionalParamSpec urls = spec.positionalParameters().get(0);
        spec.remove(urls);
        spec.addPositional(urls.toBuilder()
                .description("One URL template with {column} placeholders, e.g. '{url}' or 'https://api/items/{id}'.").build());
        spec.addOption(OptionSpec.builder("--master").paramLabel("URL").type(String.class)
                .description("Where Spark runs: local[*] (default: embedded, every core), local[N], spark://host:7077, "
                        + "or what spark-submit says.").build());
        spec.addOption(OptionSpec.builder("--resume").type(boolean.class).arity("0")
                .description("Continue the run DIR holds: rows already in a committed batch are neither sent nor written again.").build());
        spec.addOption(OptionSpec.builder("--batch-rows").paramLabel("N").type(long.class)
                .description("Rows per committed batch (default: 1000000); a failed run loses only its unfinished batches.").build());
        spec.addOption(OptionSpec.builder("--partitions").paramLabel("N").type(int.class)
                .description("Partitions to spread requests over (default: the cluster's cores or the input's partitions, whichever is more).").build());
        spec.addOption(OptionSpec.builder("--slots").paramLabel("N").type(int.class)
                .description("Tasks that can run at once over the cluster, which the limits are split by (default: Spark's default parallelism).").build());
        return spec;
    }

    /** Parses {@code args} (after {@code get}); a usage error is a {@link CommandLine.ParameterException}. */
    static ParseResult parse(Io io, String... args) {
        for (String a : args) {
            if (a.equals("--follow") || a.startsWith("--follow=")) {
                throw new IllegalArgumentException("--follow: a crawl runs on one machine (fanout get --follow); see docs/scale-out.md");
            }
        }
        return new CommandLine(spec(io)).parseArgs(args);
    }

    /** The run's options from a parse; a bad value is an IllegalArgumentException naming its option. */
    static FanoutSparkOptions options(ParseResult parsed, Io io, String[] args) {
        GetOptions get = GetOptions.of(parsed, io);
        get.client();
        List<String> urls = get.urls();
        if (urls.size() != 1) {
            throw new IllegalArgumentException("give one URL template, e.g. '{url}' (a column holding URLs) or "
                    + "'https://api.example/items/{id}'; got " + urls.size());
        }
        Limits limits = new Limits(get.concurrency(), get.perHost() == null ? 0 : get.perHost(),
                rate("--rate", get.rate()), rate("--rate-per-host", get.ratePerHost()), get.burst() == null ? 1 : get.burst());
        FanoutSparkOptions.Builder b = FanoutSparkOptions.builder(urls.get(0)).method(get.method()).body(get.body())
                .includeBody(get.includeBody()).limits(limits)
                .slots(parsed.matchedOptionValue("--slots", 0))
                .partitions(parsed.matchedOptionValue("--partitions", 0))
                .client(new CommandLineClient(args));
        get.headers().forEach(b::header);
        get.extracts().forEach(b::extract);
        return b.build();
    }

    static SparkOutput output(ParseResult parsed) {
        String format = parsed.matchedOptionValue("--format", "parquet");
        return new SparkOutput(parsed.matchedOptionValue("--output", ""), SparkOutput.Format.parse(format),
                parsed.matchedOptionValue("--resume", false),
                parsed.matchedOptionValue("--batch-rows", SparkOutput.DEFAULT_BATCH_ROWS));
    }

    private static double rate(String option, String text) {
        if (text == null) {
            return 0;
        }
        try {
            return RateLimit.parse(text).permitsPerSecond();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** Each executor's client settings: the same command line, parsed there by the same model. */
    private record CommandLineClient(String[] args) implements ClientFactory {
        @Override
        public dev.fanout.client.Fanout.Builder builder() {
            Io quiet = new Io(System.in, OutputStream.nullOutputStream(), new PrintStream(OutputStream.nullOutputStream()),
                    false, false, 80);
            return GetOptions.of(parse(quiet, args), quiet).client();
        }
    }
}
