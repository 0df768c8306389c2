package dev.fanout.spark;

import dev.fanout.cli.RunGet;
import dev.fanout.testserver.TestServer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark stage in local[4]: one row per input, per-host limits cluster-wide, the CLI's records, committed output. */
// the first Spark job of a JVM loads and interprets thousands of classes: on a loaded machine, a minute
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FanoutSparkTest {
    private static SparkSession spark;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSessions.start("local[4]");
        a = TestServer.builder().latency(Duration.ofMillis(15)).start();
        b = TestServer.builder().latency(Duration.ofMillis(15)).start();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static final StructType INPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("base", DataTypes.StringType, true),
            DataTypes.createStructField("id", DataTypes.StringType, true)));

    /** {@code n} rows per server: ids 1..n, bases alternating between the two servers. */
    static Dataset<Row> inputs(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(RowFactory.create(a.url(""), Integer.toString(i)));
            rows.add(RowFactory.create(b.url(""), Integer.toString(i)));
        }
        return spark.createDataFrame(rows, INPUT).repartition(3);
    }

    @Test
    void oneRowPerInputAndEachHostsPeakWithinItsLimit() {
        a.stats().reset();
        b.stats().reset();
        FanoutSparkOptions options = FanoutSparkOptions.builder("{base}/items/{id}")
                .extract("name=$.name")
                .limits(Limits.DEFAULT.withConcurrency(16).withPerHost(3))
                .build();
        List<Row> rows = FanoutSpark.fetch(inputs(150), options).collectAsList();

        assertThat(rows).hasSize(300);
        assertThat(rows.stream().map(r -> r.getAs("base") + "|" + r.getAs("id")).distinct()).hasSize(300);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.<Integer>getAs("status")).isEqualTo(200);
            assertThat(r.<String>getAs("name")).isEqualTo("item-" + r.getAs("id"));
        });
        assertThat(a.stats().get("/items/{id}").requests()).isEqualTo(150);
        assertThat(a.stats().peakInFlight()).isBetween(1, 3);
        assertThat(b.stats().peakInFlight()).isBetween(1, 3);
    }

    @Test
    void sameStatusesAndFieldsAsFanoutGet(@TempDir Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String[] ids = {"1", "2", "x", "40", "41", "nope", "7"};
        for (String id : ids) {
            rows.add(RowFactory.create(a.url(""), id));
            lines.add(id);
        }
        // a port with nothing listening: a failure, not a response
        String closed = "http://127.0.0.1:9";
        rows.add(RowFactory.create(closed, "3"));
        Files.write(dir.resolve("ids.txt"), lines);
        FanoutSparkOptions options = FanoutSparkOptions.builder("{base}/items/{id}")
                .extract("name=$.name").extract("price=$.price").build();
        Map<String, Row> spark = new HashMap<>();
        for (Row r : FanoutSpark.fetch(FanoutSparkTest.spark.createDataFrame(rows, INPUT), options).collectAsList()) {
            spark.put(r.getAs("url"), r);
        }

        Path csv = dir.resolve("get.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunGet.run(err, "get", a.url("") + "/items/{}", "-i", dir.resolve("ids.txt").toString(),
                "-e", "name=$.name", "-e", "price=$.price", "-o", csv.toString(), "-q");
        List<String> got = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(got.get(0).split(",", -1));
        assertThat(got).hasSize(ids.length + 1);
        for (String line : got.subList(1, got.size())) {
            String[] cell = line.split(",", -1);
            Row r = spark.get(cell[header.indexOf("url")]);
            assertThat(r).as(line).isNotNull();
            assertThat(text(r.getAs("status"))).isEqualTo(cell[header.indexOf("status")]);
            assertThat(text(r.getAs("error"))).isEqualTo(cell[header.indexOf("error")]);
            assertThat(text(r.getAs("name"))).isEqualTo(cell[header.indexOf("name")]);
            assertThat(text(r.getAs("price"))).isEqualTo(cell[header.indexOf("price")]);
            assertThat(text(r.getAs("attempts"))).isEqualTo(cell[header.indexOf("attempts")]);
        }
        Row refused = spark.get(closed + "/items/3");
        assertThat(refused.<Integer>getAs("status")).isNull();
        assertThat(refused.<String>getAs("error")).isEqualTo("connect");
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    @Test
    void aRowWithAnEmptyColumnYieldsAnInvalidInputRowAndNothingSent() {
        a.stats().reset();
        List<Row> rows = List.of(RowFactory.create(a.url(""), null), RowFactory.create(a.url(""), "5"));
        List<Row> out = FanoutSpark.fetch(spark.createDataFrame(rows, INPUT),
                FanoutSparkOptions.builder("{base}/items/{id}").build()).collectAsList();
        assertThat(out).hasSize(2);
        Row bad = out.stream().filter(r -> r.isNullAt(1)).findFirst().orElseThrow();
        assertThat(bad.<String>getAs("error")).isEqualTo("invalid_input");
        assertThat(bad.<String>getAs("message")).isEqualTo("column 'id' is empty");
        assertThat(a.stats().get("/items/{id}").requests()).isEqualTo(1);
    }

    @Test
    void aPlaceholderWithoutAColumnIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> FanoutSpark.fetch(inputs(1), FanoutSparkOptions.builder("{base}/items/{sku}").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placeholder {sku} names no input column (the input has: base, id)");
        assertThatThrownBy(() -> FanoutSpark.fetch(inputs(1), FanoutSparkOptions.builder("{base}/items/{id}").extract("status=$.s").build()))
                .hasMessage("-e status=…: 'status' is already a column of the results; choose another name");
    }

    @Test
    void parquetReadBackHasEachInputOnceAndResumeSkipsCommittedBatches(@TempDir Path dir) {
        Dataset<Row> all = inputs(100);
        FanoutSparkOptions options = FanoutSparkOptions.builder("{base}/items/{id}").extract("name=$.name")
                .limits(Limits.DEFAULT.withPerHost(4)).build();
        SparkOutput out = SparkOutput.parquet(dir.resolve("out").toString()).withBatchRows(100);
        // 200 rows in 2 batches; the second batch's job fails at its commit
        spark.conf().set("spark.sql.sources.commitProtocolClass", FailingCommit.class.getName());
        FailingCommit.COMMITS.set(0);
        FailingCommit.failAt = 2;
        try {
            assertThatThrownBy(() -> FanoutSpark.write(all, options, out)).hasStackTraceContaining("job commit refused by the test");
        } finally {
            spark.conf().unset("spark.sql.sources.commitProtocolClass");
        }
        long committed = spark.read().parquet(dir.resolve("out") + "/*").count();
        assertThat(committed).isBetween(1L, 199L);

        assertThatThrownBy(() -> FanoutSpark.write(all, options, out))
                .hasMessageContaining("add --resume");
        SparkRun run = FanoutSpark.write(all, options, out.withResume(true));
        assertThat(run.skipped()).isEqualTo(committed);
        assertThat(run.inputs()).isEqualTo(200 - committed);

        Dataset<Row> back = spark.read().parquet(dir.resolve("out") + "/*");
        assertThat(back.count()).isEqualTo(200);
        assertThat(back.select("base", "id").distinct().count()).isEqualTo(200);
        assertThat(back.filter("status = 200 and name is not null").count()).isEqualTo(200);
    }
}
