package dev.fanout.job;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.internal.crawl.Fingerprint;
import dev.fanout.internal.job.Journal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A durable job: which inputs of a run are done, kept in a SQLite file, so that a run killed at any moment —
 * {@code kill -9} included — can be run again and does only what is left, writing every input's record
 * exactly once.
 *
 * <p>Inputs are known by their position in the input sequence, which must be the same on every run of the
 * job (each done input's request fingerprint is checked when it is skipped). The contract that makes output
 * exactly-once:
 * <ol>
 *   <li>{@link #stream} (or {@link #pending} and {@link #positioned}) yields the outcomes of the inputs not
 *       done, each with {@link Outcome#index()} set to the input's position;</li>
 *   <li>the caller writes each one's record, then calls {@link #recorded};</li>
 *   <li>once the records are in the output (flushed, or committed in a database), the caller calls
 *       {@link #commit(long)} with how far the output goes. Only then are those inputs done.</li>
 * </ol>
 * After a crash, whatever the output holds beyond {@link #outputPosition()} (records written but never
 * committed) is the caller's to drop — truncate a file there, or upsert by position — since those inputs run
 * again.
 *
 * <p>Not thread-safe: one thread feeds, records and commits (the iterator from {@link #pending} may be read by
 * the client's feeder thread; it only reads state set before the run). The file holds settings as given to
 * {@link #open} (pass them without secrets) and, per input, its status, failure and timings — never headers
 * or bodies.
 */
public final class Job implements AutoCloseable {
    private final Journal journal;
    private final Path file;
    private final BitSet done = new BitSet();
    private final BitSet failed = new BitSet();
    private long[] fingerprints = new long[1024];
    private long[] positions = new long[1024];
    private long yielded;
    private long nextSeq;
    private long outputPosition;
    private long doneAtStart;

    private Job(Path file, Journal journal) {
        this.file = file;
        this.journal = journal;
    }

    /**
     * Opens the job at {@code file}, creating it when absent. {@code settings} describes the run (what makes
     * two runs the same job; keep secrets out of it): an existing job started with other settings is refused
     * unless {@code force}, which adopts the new ones.
     */
    public static Job open(Path file, String settings, boolean force) throws JobException {
        Journal journal;
        try {
            journal = Journal.open(file);
        } catch (SQLException | IOException e) {
            throw new JobException("--job " + file + ": cannot open the job file (" + e.getMessage() + ")");
        }
        Job job = new Job(file, journal);
        try {
            job.load(settings, force);
            return job;
        } catch (SQLException e) {
            job.closeQuietly();
            throw new JobException("--job " + file + ": " + e.getMessage());
        } catch (JobException e) {
            job.closeQuietly();
            throw e;
        }
    }

    private void load(String settings, boolean force) throws SQLException, JobException {
        String recorded = journal.value("settings");
        if (recorded != null && !recorded.equals(settings) && !force) {
            throw new JobException("--job " + file + " belongs to another command: it was started as `" + recorded
                    + "`; run that command again to continue it, use another job file, or add --force to continue it with this one");
        }
        if (recorded == null || !recorded.equals(settings)) {
            journal.put("settings", settings);
            journal.commit();
        }
        String offset = journal.value("output_position");
        outputPosition = offset == null ? 0 : Long.parseLong(offset);
        long[] maxSeq = {-1};
        journal.forEachDone(row -> {
            int p = Math.toIntExact(row.position());
            done.set(p);
            if (isFailure(row.status(), row.error())) {
                failed.set(p);
            }
            fingerprintAt(p, row.fingerprint());
            maxSeq[0] = Math.max(maxSeq[0], row.seq());
        });
        nextSeq = maxSeq[0] + 1;
        doneAtStart = done.cardinality();
    }

    /** What counts as failed for {@link #forgetFailed()}: no response, 429, or a 5xx. */
    static boolean isFailure(int status, String error) {
        return error != null || status == 429 || status >= 500;
    }

    private void fingerprintAt(int position, long fp) {
        if (position >= fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, Math.max(position + 1, fingerprints.length * 2));
        }
        fingerprints[position] = fp;
    }

    /** The job file. */
    public Path file() {
        return file;
    }

    /** Inputs done when the job was opened. */
    public long doneAtStart() {
        return doneAtStart;
    }

    /** Inputs done now that failed (see {@link #forgetFailed()}). */
    public long failedCount() {
        return failed.cardinality();
    }

    /** How far the output went at the last commit: records beyond it were never committed and run again. */
    public long outputPosition() {
        return outputPosition;
    }

    /** The inputs that are not done, in order. Throws {@link JobException} (unchecked) when a done input changed. */
    public Iterator<Request> pending(Iterator<? extends Request> inputs) {
        return new Iterator<>() {
            private int position = -1;
            private Request next;

            @Override
            public boolean hasNext() {
                while (next == null && inputs.hasNext()) {
                    Request r = inputs.next();
                    position++;
                    if (!done.get(position)) {
                        next = r;
                    } else if (Fingerprint.of(r) != fingerprints[position]) {
                        throw new JobException.Unchecked("input " + (position + 1) + " (" + r.url() + ") is not the request the job "
                                + file + " recorded there: the inputs changed since the job started");
                    }
                }
                return next != null;
            }

            @Override
            public Request next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Request r = next;
                next = null;
                remember(yielded++, position);
                return r;
            }
        };
    }

    // no lock: the feeder writes a position before it submits the request, and the outcome reaches the consumer
    // through the client's queues after that, so the consumer reads what was written (array and field alike)
    private void remember(long index, long position) {
        if (index >= positions.length) {
            positions = Arrays.copyOf(positions, Math.toIntExact(Math.max(index + 1, positions.length * 2L)));
        }
        positions[(int) index] = position;
    }

    /** The outcome with its index set to its input's position (outcomes of {@link #pending} come indexed by yield). */
    public Outcome positioned(Outcome o) {
        long position = positions[Math.toIntExact(o.index())];
        return new Outcome(o.request(), position, o.status(), o.headers(), o.body(), o.bytes(), o.failure(), o.elapsedNanos(),
                o.attempts(), o.lastError(), o.redirects(), o.finalUrl());
    }

    /** The outcomes of the inputs not done, indexed by position: {@link #pending} through {@code fanout}. */
    public Stream<Outcome> stream(Fanout fanout, Iterator<? extends Request> inputs) {
        return fanout.stream(pending(inputs)).map(this::positioned);
    }

    /** Notes that {@code o}'s record (o indexed by position) has been written; it is done at the next commit. */
    public void recorded(Outcome o) throws JobException {
        int position = Math.toIntExact(o.index());
        String error = o.failure() == null ? null : o.failure().kind().wireName();
        long fingerprint = Fingerprint.of(o.request());
        try {
            journal.add(new Journal.Row(position, fingerprint, nextSeq++, o.status(), error,
                    o.elapsedNanos() / 1e6, o.attempts(), o.lastError(), System.currentTimeMillis()));
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": cannot record input " + (position + 1) + " (" + e.getMessage() + ")");
        }
        done.set(position);
        failed.set(position, isFailure(o.status(), error));
        fingerprintAt(position, fingerprint);
    }

    /** Makes everything recorded so far done, with the output standing at {@code outputPosition}. Atomic. */
    public void commit(long outputPosition) throws JobException {
        try {
            journal.put("output_position", Long.toString(outputPosition));
            journal.commit();
            this.outputPosition = outputPosition;
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": cannot commit (" + e.getMessage() + ")");
        }
    }

    /**
     * Makes the failed inputs pending again ({@code --retry-failed}) and returns the output places (record
     * sequence numbers) of their records, which the caller removes from the output before the next commit.
     * The survivors' places are renumbered to close the gaps; part of the next commit.
     */
    public long[] forgetFailed() throws JobException {
        LongList gone = new LongList();
        LongList forgotten = new LongList();
        LongList moved = new LongList();
        LongList movedTo = new LongList();
        long[] kept = {0};
        try {
            journal.forEachDone(row -> { // in output order, so a survivor's new place is how many survived before it
                if (isFailure(row.status(), row.error())) {
                    gone.add(row.seq());
                    forgotten.add(row.position());
                } else {
                    long place = kept[0]++;
                    if (place != row.seq()) {
                        moved.add(row.position());
                        movedTo.add(place);
                    }
                }
            });
            journal.forget(forgotten.toArray());
            journal.renumber(moved.toArray(), movedTo.toArray());
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": " + e.getMessage());
        }
        for (long p : forgotten.toArray()) {
            done.clear((int) p);
        }
        failed.clear();
        nextSeq = kept[0];
        return gone.toArray();
    }

    /** A growable list of longs, without boxing. */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /**
     * Commits a rewritten output: {@code rewritten} (beside the output, complete and synced) replaces the output
     * once this commit is through, holding records up to {@code outputPosition}. If the process dies before
     * {@link #compactionDone}, the next {@link #pendingCompaction} says which file to move into place.
     */
    public void commitCompaction(Path rewritten, long outputPosition) throws JobException {
        try {
            journal.put("compaction", rewritten.toString());
            commit(outputPosition);
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": cannot commit (" + e.getMessage() + ")");
        }
    }

    /** The rewritten output a crashed compaction left to move into place, or null. */
    public Path pendingCompaction() throws JobException {
        try {
            String f = journal.value("compaction");
            return f == null || f.isEmpty() ? null : Path.of(f);
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": " + e.getMessage());
        }
    }

    /** The rewritten output is in place. */
    public void compactionDone() throws JobException {
        try {
            journal.put("compaction", "");
            journal.commit();
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": cannot commit (" + e.getMessage() + ")");
        }
    }

    private void closeQuietly() {
        try {
            journal.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    /** Closes the file; what was recorded after the last commit is not done. */
    @Override
    public void close() throws JobException {
        try {
            journal.close();
        } catch (SQLException e) {
            throw new JobException("--job " + file + ": " + e.getMessage());
        }
    }
}
