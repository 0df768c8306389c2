package dev.fanout.spark.cli;

import dev.fanout.cli.Io;
import dev.fanout.cli.report.Fmt;
import dev.fanout.spark.FanoutSpark;
import dev.fanout.spark.FanoutSparkOptions;
import dev.fanout.spark.SparkOutput;
import dev.fanout.spark.SparkRun;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fanout spark get …}: the entry point of the Spark module's jar, started by the {@code fanout} launcher
 * with the Spark jars on the class path, or by {@code spark-submit} (whose master it then uses).
 */
public final class SparkMain {
    static final int OK = 0;
    static final int SOME_FAILED = 1;
    static final int USAGE = 2;
    static final int JOB_FAILED = 3;

    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Io.system(), args));
    }

    static int run(Io io, String... args) {
        PrintStream err = io.err();
        if (args.length == 0 || !args[0].equals("get")) {
            if (args.length > 0 && !args[0].startsWith("-")) {
                err.println("fanout spark: unknown command '" + args[0] + "'");
            }
            err.println("Usage: fanout spark get TEMPLATE [get's options] -i FILE -o DIR [--format parquet|jsonl|csv] [--master URL] [--resume]");
            err.println("       fanout spark get --help   lists every option");
            return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? OK : USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        ParseResult parsed;
        FanoutSparkOptions options;
        SparkOutput output;
        try {
            parsed = SparkGetCommand.parse(io, rest);
            if (parsed.isUsageHelpRequested()) {
                parsed.commandSpec().commandLine().usage(err);
                return OK;
            }
            options = SparkGetCommand.options(parsed, io, rest);
            output = SparkGetCommand.output(parsed);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            err.println("fanout spark get: " + e.getMessage());
            return USAGE;
        }
        String input = parsed.matchedOptionValue("--input", "");
        String master = parsed.matchedOptionValue("--master", System.getProperty("spark.master", "local[*]"));
        long start = System.nanoTime();
        SparkSession spark = session(master);
        try {
            Dataset<Row> rows;
            SparkRun run;
            try {
                rows = read(spark, input);
                run = FanoutSpark.write(rows, options, output);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println("fanout spark get: " + e.getMessage());
                return USAGE;
            }
            if (!parsed.matchedOptionValue("--quiet", false)) {
                summary(err, run, output, master, (System.nanoTime() - start) / 1e9);
            }
            return run.failed() > 0 ? SOME_FAILED : OK;
        } catch (RuntimeException e) {
            err.println("fanout spark get: the Spark job failed: " + rootMessage(e));
            err.println("  the batches committed before it are kept in " + output.dir() + ": run the same command with --resume to do the rest");
            return JOB_FAILED;
        } finally {
            spark.stop();
        }
    }

    private static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("fanout spark get").master(master);
        if (System.getProperty("spark.ui.enabled") == null) {
            b.config("spark.ui.enabled", "false");
        }
        if (master.startsWith("local")) {
            // an embedded cluster talks to itself only
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else if (System.getProperty("spark.jars") == null) {
            // executors elsewhere need this jar (spark-submit ships it itself)
            String jar = ownJar();
            if (jar != null) {
                b.config("spark.jars", jar);
            }
        }
        return b.getOrCreate();
    }

    private static String ownJar() {
        try {
            Path p = Path.of(SparkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p.toString() : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The input table, by its extension; a missing local file is a usage error naming it. */
    static Dataset<Row> read(SparkSession spark, String input) {
        String lower = input.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (!input.contains("://") && !Files.exists(Path.of(input))) {
            throw new IllegalArgumentException("-i " + input + ": no such file");
        }
        if (lower.endsWith(".csv")) {
            return spark.read().option("header", "true").csv(input);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".json") || lower.endsWith(".ndjson")) {
            return spark.read().json(input);
        }
        if (lower.endsWith(".parquet")) {
            return spark.read().parquet(input);
        }
        throw new IllegalArgumentException("-i " + input + ": expected a .csv, .jsonl or .parquet file");
    }

    private static void summary(PrintStream err, SparkRun run, SparkOutput output, String master, double seconds) {
        err.println("fanout spark: " + Fmt.count(run.inputs()) + " rows fetched into " + output.dir() + " ("
                + output.format().name().toLowerCase(Locale.ROOT) + ", " + run.batches() + (run.batches() == 1 ? " batch" : " batches")
                + ", " + master + ") in " + Fmt.seconds(seconds) + "; " + Fmt.count(run.inputs() - run.failed()) + " with a response, "
                + Fmt.count(run.failed()) + " without");
        if (run.skipped() > 0) {
            err.println("  " + Fmt.count(run.skipped()) + " rows were in committed batches already (--resume) and were not sent again");
        }
        StringBuilder sb = new StringBuilder("  rows per executor:");
        for (Map.Entry<String, Long> e : run.perExecutor().entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(Fmt.count(e.getValue()));
        }
        err.println(sb);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
