package dev.fanout.spark;

import dev.fanout.RateLimit;

import java.io.Serializable;

/**
 * A job's {@link Limits} split so that they hold over the whole cluster with no coordinator.
 *
 * <ul>
 *   <li>At most {@code slots} tasks run at once, so each task may have {@code concurrency / slots} requests in
 *       flight and start {@code rate / slots} per second; each task enforces its share itself.</li>
 *   <li>A host's inputs go to at most {@code hostSpread} partitions (fewer than its per-host budget), so at most
 *       that many tasks, in at most {@code min(hostSpread, executors)} executors, send to it at once; each
 *       executor's client caps the host at {@code perHost} and {@code ratePerHost} divided by that number, shared
 *       by all its tasks there. The sum over the cluster never exceeds the budget. (With one executor, as in
 *       {@code local[N]}, it has the whole per-host budget.)</li>
 *   <li>With fewer requests in flight allowed than slots, the job has as many partitions as it may have requests
 *       in flight, one each: Spark cannot be told to run fewer tasks at once than it has slots.</li>
 * </ul>
 *
 * @param slots           the tasks that can run at once, as used for the split
 * @param partitions      how many partitions the requests are spread over
 * @param hostSpread      how many partitions one host's requests may take
 * @param taskConcurrency requests in flight at once per task
 * @param taskRate        request starts per second per task, or 0 for none
 * @param hostInFlight    one executor's in-flight limit per host, or 0 for none
 * @param hostRate        one executor's rate per host, or 0 for none
 * @param taskBurst       the task's rate bucket's burst (the total's share)
 * @param hostBurst       the executor's per-host buckets' burst (the total's share)
 */
public record Budget(int slots, int partitions, int hostSpread, int taskConcurrency, double taskRate, int hostInFlight,
                     double hostRate, int taskBurst, int hostBurst) implements Serializable {

    /**
     * Splits {@code limits} over {@code slots} tasks at once in {@code executors} JVMs (0 when not known: as many
     * as there may be tasks); {@code wanted} partitions unless the limits need fewer.
     */
    public static Budget split(Limits limits, int slots, int wanted, int executors) {
        if (slots < 1 || wanted < 1 || executors < 0) {
            throw new IllegalArgumentException("slots and partitions must be at least 1");
        }
        int active = Math.min(slots, limits.concurrency());
        int partitions = limits.concurrency() < slots ? Math.min(wanted, limits.concurrency()) : wanted;
        int spread;
        if (limits.perHost() > 0) {
            spread = Math.min(limits.perHost(), Math.min(active, partitions));
        } else if (limits.ratePerHost() > 0) {
            spread = Math.min(active, partitions);
        } else {
            spread = partitions;
        }
        int taskConcurrency = limits.concurrency() / active;
        double taskRate = limits.rate() / active;
        int jvms = executors == 0 ? spread : Math.min(spread, executors);
        int hostInFlight = limits.perHost() == 0 ? 0 : limits.perHost() / jvms;
        double hostRate = limits.ratePerHost() / jvms;
        // a bucket's burst is part of the total too
        return new Budget(active, partitions, spread, taskConcurrency, taskRate, hostInFlight, hostRate,
                Math.max(1, limits.burst() / active), Math.max(1, limits.burst() / jvms));
    }

    /** The per-task rate as a limit, or null when the job has none. */
    public RateLimit taskRateLimit() {
        return taskRate > 0 ? new RateLimit(taskRate, taskBurst) : null;
    }

    /** One executor's per-host rate as a limit, or null when the job has none. */
    public RateLimit hostRateLimit() {
        return hostRate > 0 ? new RateLimit(hostRate, hostBurst) : null;
    }
}
