package dev.fanout.spark;

import java.util.Locale;
import java.util.Objects;

/**
 * Where {@link FanoutSpark#write} puts a run's results: a directory of committed batches, each a Spark write
 * of its own ({@code DIR/batch-RRR-BBBBB/}, with {@code _SUCCESS} once committed). Read it back with
 * {@code spark.read().parquet("DIR/*")}: Spark skips the {@code _temporary} directories an unfinished batch leaves.
 *
 * @param dir       the directory (any Hadoop file system path)
 * @param format    the file format
 * @param resume    continue the run a directory holds: inputs already in a committed batch are skipped
 * @param batchRows rows per batch: a failed run loses at most the batches it had not committed
 */
public record SparkOutput(String dir, Format format, boolean resume, long batchRows) {
    /** One million rows per batch: at 1,000 requests a second a batch commits every 17 minutes. */
    public static final long DEFAULT_BATCH_ROWS = 1_000_000;

    public SparkOutput {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(format, "format");
        if (batchRows < 1) {
            throw new IllegalArgumentException("rows per batch must be at least 1, got " + batchRows);
        }
    }

    public static SparkOutput parquet(String dir) {
        return new SparkOutput(dir, Format.PARQUET, false, DEFAULT_BATCH_ROWS);
    }

    public SparkOutput withFormat(Format f) {
        return new SparkOutput(dir, f, resume, batchRows);
    }

    public SparkOutput withResume(boolean yes) {
        return new SparkOutput(dir, format, yes, batchRows);
    }

    public SparkOutput withBatchRows(long n) {
        return new SparkOutput(dir, format, resume, n);
    }

    /** The formats results can be written in, with Spark's own writers. */
    public enum Format {
        PARQUET("parquet"), JSONL("json"), CSV("csv");

        private final String spark;

        Format(String spark) {
            this.spark = spark;
        }

        /** Spark's name of the data source. */
        public String sparkName() {
            return spark;
        }

        /** {@code parquet}, {@code jsonl} or {@code csv}. */
        public static Format parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "parquet" -> PARQUET;
                case "jsonl", "json" -> JSONL;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("--format " + s + ": expected parquet, jsonl or csv");
            };
        }
    }
}
