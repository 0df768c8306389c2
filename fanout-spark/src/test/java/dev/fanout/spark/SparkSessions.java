package dev.fanout.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session for tests: on loopback, no UI, few shuffle partitions. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("fanout-spark-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                // generated code is compiled per query: on a small test it costs more than it saves
                .config("spark.sql.codegen.wholeStage", "false")
                .getOrCreate();
    }
}
