package dev.fanout.spark;

import dev.fanout.client.Fanout;
import dev.fanout.extract.Extractor;
import dev.fanout.extract.Field;
import org.apache.spark.util.CollectionAccumulator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a task needs to fetch its partition, made once on the driver per run and sent with every task.
 *
 * @param key       names the run, so that its tasks in one JVM share one client
 * @param template  makes each row's request
 * @param columns   makes each result row
 * @param budget    this run's share of the limits
 * @param extracts  the -e fields, parsed again in each task
 * @param client    the client's settings
 * @param bodies    whether clients keep bodies
 * @param executors collects "executor id, results" per finished task
 */
record FetchJob(String key, RowTemplate template, RecordColumns columns, Budget budget, List<String> extracts,
                ClientFactory client, boolean bodies, CollectionAccumulator<String> executors)
        implements Serializable {

    /** This JVM's client: the settings' own, with this executor's share of the cluster-wide limits. */
    Fanout newClient() {
        Fanout.Builder b = client.builder()
                // the tasks hold the run to its total; each task gates its own share
                .concurrency(Math.max(1, budget.taskConcurrency() * budget.slots()))
                .perHost(budget.hostInFlight() > 0 ? budget.hostInFlight() : Integer.MAX_VALUE)
                .rate(null)
                .ratePerHost(budget.hostRateLimit())
                .keepBodies(bodies);
        if (bodies) {
            b.streamBuffer(Math.max(64, budget.taskConcurrency()));
        }
        return b.build();
    }

    Extractor extractor() {
        List<Field> fields = new ArrayList<>();
        for (String e : extracts) {
            fields.add(Field.parse(e));
        }
        return new Extractor(fields);
    }
}
