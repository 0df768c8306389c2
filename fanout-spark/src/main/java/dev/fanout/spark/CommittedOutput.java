package dev.fanout.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batches in an output directory: committed ones (a {@code _SUCCESS} marker, written by Spark's job commit
 * after every task's files are in place) and those a failed run left unfinished (no marker; their files are
 * still under {@code _temporary}, which readers skip).
 */
final class CommittedOutput {
    private static final Pattern BATCH = Pattern.compile("batch-(\\d+)-(\\d+)");

    private final SparkOutput output;
    private final FileSystem fs;
    private final List<String> committed = new ArrayList<>();
    private final List<Path> unfinished = new ArrayList<>();
    private int lastRun;

    private CommittedOutput(SparkOutput output, FileSystem fs) {
        this.output = output;
        this.fs = fs;
    }

    /** @throws IllegalArgumentException when the directory holds something other than batches, or holds batches and resume is off */
    static CommittedOutput open(SparkSession spark, SparkOutput output) {
        try {
            Path dir = new Path(output.dir());
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            CommittedOutput c = new CommittedOutput(output, fs);
            if (fs.exists(dir)) {
                if (!fs.getFileStatus(dir).isDirectory()) {
                    throw new IllegalArgumentException("-o " + output.dir() + ": is a file, not a directory");
                }
                for (FileStatus s : fs.listStatus(dir)) {
                    Matcher m = BATCH.matcher(s.getPath().getName());
                    if (!s.isDirectory() || !m.matches()) {
                        throw new IllegalArgumentException("-o " + output.dir() + ": holds " + s.getPath().getName()
                                + ", which is not a batch of results; choose an empty or new directory");
                    }
                    c.lastRun = Math.max(c.lastRun, Integer.parseInt(m.group(1)));
                    if (fs.exists(new Path(s.getPath(), "_SUCCESS"))) {
                        c.committed.add(s.getPath().toString());
                    } else {
                        c.unfinished.add(s.getPath());
                    }
                }
                if (!output.resume() && (!c.committed.isEmpty() || !c.unfinished.isEmpty())) {
                    throw new IllegalArgumentException("-o " + output.dir() + ": holds results already; add --resume to "
                            + "do only the inputs not in them, or choose a new directory");
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("-o " + output.dir() + ": " + e.getMessage(), e);
        }
    }

    boolean hasCommitted() {
        return !committed.isEmpty();
    }

    /** The committed results, read with the schema they were written with. */
    Dataset<Row> read(SparkSession spark, StructType schema) {
        return read(spark, schema, committed.toArray(String[]::new));
    }

    /** Batches' results, read with the schema they were written with. */
    Dataset<Row> read(SparkSession spark, StructType schema, String... batches) {
        DataFrameReader r = spark.read().schema(schema).format(output.format().sparkName());
        if (output.format() == SparkOutput.Format.CSV) {
            r = r.option("header", "true");
        }
        return r.load(batches);
    }

    /** Removes the batches a failed run did not commit: they hold no result rows, only its unfinished files. */
    void dropUnfinished() {
        try {
            for (Path p : unfinished) {
                fs.delete(p, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("-o " + output.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Where batch {@code b} of this run goes. */
    String batchDir(int b) {
        return new Path(new Path(output.dir()), String.format("batch-%03d-%05d", lastRun + 1, b)).toString();
    }
}
