package dev.fanout.cli;

import dev.fanout.cli.report.Fmt;
import dev.fanout.source.RequestSource;
import dev.fanout.source.RowSource;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code -i FILE} as a table: a {@code .csv}, {@code .tsv}, {@code .jsonl} or {@code .ndjson} file (or
 * {@code --input-format}) makes one request per row; and the warning a run of over a million combinations
 * gives before it starts.
 */
final class TableInput {
    /** A product above this many requests says its size before the first one is sent. */
    static final long LARGE = 1_000_000;
    /** How long a run waits for its files to be counted before it starts, to tell a large product. */
    private static final long COUNT_WAIT_MILLIS = 2_000;

    private TableInput() {
    }

    /** The table format of {@code -i input}, or null when it is a list of lines; a bad --input-format is an error. */
    static RowSource.Format format(String input, String inputFormat) {
        if (inputFormat != null) {
            return switch (inputFormat.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> RowSource.Format.CSV;
                case "tsv" -> RowSource.Format.TSV;
                case "jsonl", "ndjson" -> RowSource.Format.JSONL;
                case "lines" -> null;
                default -> throw new IllegalArgumentException("--input-format " + inputFormat + ": expected csv, tsv, jsonl or lines");
            };
        }
        return input == null ? null : RowSource.Format.fromFileName(input);
    }

    /** Opens the table; its header is read now, so that the template can be checked against its columns. */
    static RowSource open(String input, RowSource.Format format, java.io.InputStream stdin) {
        if (input == null) {
            throw new IllegalArgumentException("--input-format " + format.name().toLowerCase(Locale.ROOT) + " needs -i FILE (or -i - for standard input)");
        }
        if (input.equals("-")) {
            return RowSource.read(stdin, format, "standard input");
        }
        Path p = Path.of(input);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("-i " + input + ": cannot read file" + (Files.exists(p) ? " (not a readable file)" : " (no such file)"));
        }
        try {
            return RowSource.read(p, format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-i " + e.getMessage());
        }
    }

    /**
     * Says on {@code err} how many requests a product of several inputs makes when that is over a million —
     * the command was perhaps not meant to pair every value of one file with every value of another.
     */
    static void warnIfLarge(RequestSource source, PrintStream err) {
        long[] sizes = source.dimensionSizes(COUNT_WAIT_MILLIS);
        if (sizes.length < 2) {
            return;
        }
        long total = 1;
        StringBuilder product = new StringBuilder();
        for (long s : sizes) {
            if (s < 0) {
                return;
            }
            total = s != 0 && total > Long.MAX_VALUE / s ? Long.MAX_VALUE : total * s;
            product.append(product.isEmpty() ? "" : " × ").append(Fmt.count(s));
        }
        if (total > LARGE) {
            err.println("fanout: this run makes " + Fmt.count(total) + " requests, every combination of its inputs ("
                    + product + "); Ctrl-C to stop it");
        }
    }
}
