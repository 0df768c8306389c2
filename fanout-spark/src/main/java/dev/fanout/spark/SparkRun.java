package dev.fanout.spark;

import java.util.Map;

/**
 * What a {@link FanoutSpark#write} run did.
 *
 * @param inputs      input rows this run fetched (each now has exactly one row in the output)
 * @param skipped     input rows skipped because a committed batch already held them ({@code resume})
 * @param failed      rows of this run without a response (the {@code error} column says why)
 * @param batches     batches this run committed
 * @param perExecutor result rows by executor id, as the tasks reported them (a task Spark runs again after it
 *                    succeeded, e.g. for a lost executor's shuffle files, reports twice)
 */
public record SparkRun(long inputs, long skipped, long failed, int batches, Map<String, Long> perExecutor) {
    public SparkRun {
        perExecutor = Map.copyOf(perExecutor);
    }
}
