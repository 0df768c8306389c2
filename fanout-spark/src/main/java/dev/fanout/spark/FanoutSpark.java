package dev.fanout.spark;

import dev.fanout.Request;
import dev.fanout.extract.Field;
import dev.fanout.sink.RecordColumn;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * fanout as a Spark stage: one HTTP request per input row, one result row per input row.
 *
 * <pre>{@code
 * Dataset<Row> ids = spark.read().parquet("ids.parquet");            // a column "id"
 * FanoutSparkOptions options = FanoutSparkOptions.builder("https://api.example/items/{id}")
 *         .extract("price=$.price").limits(Limits.DEFAULT.withPerHost(50)).build();
 * Dataset<Row> results = FanoutSpark.fetch(ids, options);            // lazy, like any transformation
 * SparkRun run = FanoutSpark.write(ids, options, SparkOutput.parquet("s3a://bucket/prices"));
 * }</pre>
 *
 * <p><b>Limits</b> are cluster-wide totals ({@link Budget}): rows are shuffled so that each host's requests
 * take at most as many partitions as its per-host budget allows, and each task and executor keeps to its share.
 * One client per executor JVM serves all the run's tasks there.
 *
 * <p><b>Exactly once.</b> Spark may run a task again (a failure, a lost executor, speculation): a task run again
 * sends its requests again, so the server may see a request more than once. The output does not:
 * {@link #write} goes through Spark's commit protocol, which keeps the files of exactly one attempt of each
 * task, in batches, so that a run that fails can be resumed from its last committed batch.
 */
public final class FanoutSpark {
    private static final int BATCH_SEED = 0x2545f491;

    private FanoutSpark() {
    }

    /**
     * The results of {@code requests}: its columns, then the record's columns ({@link RecordColumns}). Lazy:
     * requests are sent when an action runs, and again each time one does (cache or write the result once).
     *
     * @throws IllegalArgumentException when a template names no column, a field does not parse, or a column's
     *                                  name is taken by the results
     */
    public static Dataset<Row> fetch(Dataset<Row> requests, FanoutSparkOptions options) {
        return fetch(requests, prepare(requests, options));
    }

    /**
     * Fetches {@code requests} and writes the results to {@code output} in committed batches; with
     * {@link SparkOutput#resume()}, rows already in a committed batch are neither sent nor written again.
     * A failed Spark job propagates as Spark's exception after the batches before it are committed.
     */
    public static SparkRun write(Dataset<Row> requests, FanoutSparkOptions options, SparkOutput output) {
        SparkSession spark = requests.sparkSession();
        FetchJob job = prepare(requests, options);
        CommittedOutput out = CommittedOutput.open(spark, output);
        Dataset<Row> todo = requests;
        long skipped = 0;
        long failed = 0;
        if (out.hasCommitted()) {
            Dataset<Row> done = out.read(spark, job.columns().schema())
                    .select(columns(requests.columns())).distinct();
            Column same = null;
            for (String c : requests.columns()) {
                Column eq = requests.col(c).eqNullSafe(done.col(c));
                same = same == null ? eq : same.and(eq);
            }
            todo = requests.join(done, same, "left_anti");
        }
        out.dropUnfinished();
        // every batch selects its rows from the whole input: keep it on the executors' disks rather than
        // reading (and anti-joining) it again for each batch
        todo = todo.persist(StorageLevel.DISK_ONLY());
        long n = todo.count();
        if (out.hasCommitted()) {
            skipped = requests.count() - n;
        }
        int batches = (int) Math.max(1, (n + output.batchRows() - 1) / output.batchRows());
        for (int b = 0; b < batches; b++) {
            Dataset<Row> part = todo;
            if (batches > 1) {
                int which = b;
                int of = batches;
                part = todo.filter((FilterFunction<Row>) r -> Math.floorMod(RowHash.of(r, BATCH_SEED), of) == which);
            }
            DataFrameWriter<Row> w = fetch(part, job).write().mode(SaveMode.ErrorIfExists).format(output.format().sparkName());
            if (output.format() == SparkOutput.Format.CSV) {
                w = w.option("header", "true");
            }
            w.save(out.batchDir(b));
            // counted from what was committed: an accumulator would count a task Spark ran again twice
            failed += out.read(spark, job.columns().schema(), out.batchDir(b)).filter(RecordColumn.STATUS.wireName() + " is null").count();
        }
        todo.unpersist();
        return new SparkRun(n, skipped, failed, batches, perExecutor(job.executors()));
    }

    private static Column[] columns(String[] names) {
        Column[] cols = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            cols[i] = new Column(names[i]);
        }
        return cols;
    }

    private static FetchJob prepare(Dataset<Row> requests, FanoutSparkOptions o) {
        SparkSession spark = requests.sparkSession();
        List<String> names = new ArrayList<>();
        for (String e : o.extracts()) {
            Field f;
            try {
                f = Field.parse(e);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("-e " + e + ": " + ex.getMessage());
            }
            if (names.contains(f.name())) {
                throw new IllegalArgumentException("-e " + f.name() + " is given twice");
            }
            names.add(f.name());
        }
        RecordColumns columns = new RecordColumns(requests.schema(), names, o.includeBody());
        RowTemplate template = RowTemplate.of(o, requests.schema());
        int slots = o.slots() > 0 ? o.slots() : spark.sparkContext().defaultParallelism();
        int partitions = o.partitions() > 0 ? o.partitions() : Math.max(slots, requests.rdd().getNumPartitions());
        // an embedded master runs every task in this one JVM, whose client then holds each host's whole budget
        Budget budget = Budget.split(o.limits(), slots, partitions, spark.sparkContext().isLocal() ? 1 : 0);
        CollectionAccumulator<String> executors = spark.sparkContext().collectionAccumulator("fanout: rows per executor");
        return new FetchJob(UUID.randomUUID().toString(), template, columns, budget, o.extracts(), o.client(),
                o.keepsBodies(), executors);
    }

    private static Dataset<Row> fetch(Dataset<Row> requests, FetchJob job) {
        HostPartitioner hosts = new HostPartitioner(job.budget().partitions(), job.budget().hostSpread());
        RowTemplate template = job.template();
        JavaPairRDD<Integer, Row> keyed = requests.javaRDD().mapToPair(row -> {
            Object r = template.request(row);
            return new Tuple2<>(hosts.key(r instanceof Request q ? q.url() : "", row), row);
        });
        JavaRDD<Row> results = keyed.partitionBy(hosts).mapPartitions(new PartitionFetch(job));
        return requests.sparkSession().createDataFrame(results, job.columns().schema());
    }

    private static Map<String, Long> perExecutor(CollectionAccumulator<String> acc) {
        Map<String, Long> counts = new TreeMap<>();
        for (String s : acc.value()) {
            int tab = s.indexOf('\t');
            counts.merge(s.substring(0, tab), Long.parseLong(s.substring(tab + 1)), Long::sum);
        }
        return counts;
    }
}
