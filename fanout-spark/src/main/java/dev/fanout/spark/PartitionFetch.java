package dev.fanout.spark;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.RateLimit;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.extract.Extractor;
import dev.fanout.internal.Lookahead;
import dev.fanout.internal.limit.TokenBucket;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One task: streams its partition's requests through the executor's shared client and yields one result row
 * per input row, as responses complete. The task holds itself to its share of the run's concurrency and rate
 * ({@link Budget}); the stream is closed, and the client given back, when the task ends in any way.
 */
final class PartitionFetch implements FlatMapFunction<Iterator<Tuple2<Integer, Row>>, Row> {
    private final FetchJob job;

    PartitionFetch(FetchJob job) {
        this.job = job;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Integer, Row>> input) {
        Fanout fanout = SharedClient.lease(job.key(), job::newClient);
        Requests requests = new Requests(input, job);
        Stream<Outcome> stream = fanout.stream(requests, false);
        Results results = new Results(stream.iterator(), requests, job);
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            throw new IllegalStateException("PartitionFetch runs in a Spark task");
        }
        ctx.addTaskCompletionListener((TaskContext c) -> {
            requests.close();
            stream.close();
            SharedClient.release(fanout);
            job.executors().add(SparkEnv.get().executorId() + "\t" + results.count);
        });
        return results;
    }

    /** The task's requests, read by the stream's feeder thread; waits for the task's share of in-flight and rate. */
    private static final class Requests extends Lookahead<Request> {
        private final Iterator<Tuple2<Integer, Row>> input;
        private final RowTemplate template;
        private final Semaphore inFlight;
        private final TokenBucket bucket;
        final Map<Long, Row> rows = new ConcurrentHashMap<>();
        final Queue<Row> invalid = new ConcurrentLinkedQueue<>();
        private final RecordColumns.Rows columns;
        private final String url;
        private volatile boolean closed;
        private Row pendingRow; // the row of the request computed ahead
        private long index;

        Requests(Iterator<Tuple2<Integer, Row>> input, FetchJob job) {
            this.input = input;
            this.template = job.template();
            this.columns = job.columns().rows();
            this.url = job.template().url();
            this.inFlight = new Semaphore(Math.max(1, job.budget().taskConcurrency()));
            RateLimit rate = job.budget().taskRateLimit();
            this.bucket = rate == null ? null : new TokenBucket(rate, System.nanoTime());
        }

        @Override
        protected Request computeNext() {
            while (!closed && input.hasNext()) {
                Row row = input.next()._2();
                Object r = template.request(row);
                if (r instanceof RowTemplate.Invalid bad) {
                    // no request can be made: the row's result says why, without anything sent
                    Request shown = new Request("GET", url, Headers.empty(), null, Map.of());
                    Outcome o = Outcome.unsent(shown, -1, Failure.beforeSend(FailureKind.INVALID_INPUT, bad.message()));
                    invalid.add(columns.row(row, o, null));
                } else {
                    pendingRow = row;
                    return (Request) r;
                }
            }
            return endOfData();
        }

        /** Waits for a place in flight (and the task's rate) before the client sends {@code request}. */
        @Override
        protected void onNext(Request request) {
            awaitTurn();
            rows.put(index++, pendingRow);
            pendingRow = null;
        }

        private void awaitTurn() {
            try {
                while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        throw new NoSuchElementException("task ended");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuchElementException("task interrupted");
            }
            if (bucket != null) {
                for (long now = System.nanoTime(), wait; (wait = bucket.waitNanos(now)) > 0; now = System.nanoTime()) {
                    if (closed) {
                        throw new NoSuchElementException("task ended");
                    }
                    LockSupport.parkNanos(wait);
                }
                bucket.take(System.nanoTime());
            }
        }

        void done() {
            inFlight.release();
        }

        void close() {
            closed = true;
        }
    }

    /** The task's result rows: one per input row, responses as they complete, then rows with no request. */
    private static final class Results extends Lookahead<Row> {
        private final Iterator<Outcome> outcomes;
        private final Requests requests;
        private final RecordColumns.Rows columns;
        private final Extractor extractor;
        private boolean streamEnded;
        long count;

        Results(Iterator<Outcome> outcomes, Requests requests, FetchJob job) {
            this.outcomes = outcomes;
            this.requests = requests;
            this.columns = job.columns().rows();
            this.extractor = job.extractor();
        }

        @Override
        protected Row computeNext() {
            Row next = requests.invalid.poll();
            if (next == null && !streamEnded) {
                if (outcomes.hasNext()) {
                    Outcome o = outcomes.next();
                    requests.done();
                    Row in = requests.rows.remove(o.index());
                    next = columns.row(in, o, extractor.isEmpty() ? null : extractor.extract(o));
                } else {
                    streamEnded = true;
                }
            }
            if (next == null) {
                next = requests.invalid.poll();
            }
            if (next == null) {
                return endOfData();
            }
            count++;
            return next;
        }
    }
}
