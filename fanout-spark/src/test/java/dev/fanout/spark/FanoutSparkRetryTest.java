package dev.fanout.spark;

import dev.fanout.testserver.TestServer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * local[2,3]: Spark retries a failed task. A fetch task that fails once after its first rows sends those
 * requests again, yet the committed output has exactly one row per input and the host's limit still holds.
 */
// the first Spark job of a JVM loads and interprets thousands of classes: on a loaded machine, a minute
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FanoutSparkRetryTest {
    private static SparkSession spark;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSessions.start("local[2,3]");
        server = TestServer.builder().latency(Duration.ofMillis(10)).start();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheOutputHoldsEachInputOnce(@TempDir Path dir) {
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.StringType, false)));
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            rows.add(RowFactory.create(Integer.toString(i)));
        }
        Dataset<Row> input = spark.createDataFrame(rows, schema);
        FanoutSparkOptions options = FanoutSparkOptions.builder(server.url("/items/{id}")).extract("price=$.price")
                .limits(Limits.DEFAULT.withConcurrency(8).withPerHost(2)).build();
        Dataset<Row> fetched = FanoutSpark.fetch(input, options);
        // the first attempt of every task fails after 20 rows: its requests were sent, its rows are not kept
        Dataset<Row> failingOnce = fetched.mapPartitions((MapPartitionsFunction<Row, Row>) it -> failFirstAttempt(it),
                ExpressionEncoder.apply(fetched.schema()));
        failingOnce.write().parquet(dir.resolve("out").toString());

        Dataset<Row> back = spark.read().parquet(dir.resolve("out").toString());
        assertThat(back.count()).isEqualTo(300);
        assertThat(back.select("id").distinct().count()).isEqualTo(300);
        assertThat(back.filter("status = 200 and price is not null").count()).isEqualTo(300);
        assertThat(server.stats().get("/items/{id}").requests()).as("re-sent by the retried tasks").isGreaterThan(300);
        assertThat(server.stats().peakInFlight()).isBetween(1, 2);
    }

    private static Iterator<Row> failFirstAttempt(Iterator<Row> rows) {
        boolean first = TaskContext.get().attemptNumber() == 0;
        return new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (first && ++n > 20) {
                    throw new IllegalStateException("the first attempt of this task fails");
                }
                return rows.next();
            }
        };
    }
}
