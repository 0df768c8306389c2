package dev.fanout.job;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.Headers;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.internal.job.HeaderDigests;
import dev.fanout.internal.IoReasons;
import dev.fanout.internal.job.Journal;
import dev.fanout.internal.job.OwnerLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * committed) is the caller's to drop — truncate a file there, or keep only the rows {@link #isDone} — since
 * those requests run again.
 *
 * <p>A crawl ({@link #crawl}) is kept the same way, and so is its frontier: each request a visit finds is kept
 * with the visited outcome's record (committed together), so a rerun fetches the found requests not done and
 * never joins one twice. A job is either a plain run's or a crawl's, for good.
 *
 * <p>Not thread-safe: one thread feeds, records and commits (the iterator from {@link #pending} may be read by
 * the client's feeder thread; it only reads state set before the run). The file holds settings as given to
 * {@link #open} (pass them without secrets) and, per input, its status, failure and timings — never headers
 * or bodies.
 */
public final class Job implements AutoCloseable {
    private static final String INPUTS = "inputs";
    private static final String CRAWL = "crawl";
    private final Journal journal;
    private final Path file;
    /** The meta key of the next record's place in the output (records, not requests: --each writes several per request). */
    private static final String NEXT_SEQ = "next_seq";
    /** Done requests by position (their records' index). */
    private final BitSet done = new BitSet();
    /** Done inputs by place in the input sequence (the same as {@link #done} for a job that does not crawl). */
    private final BitSet inputsDone = new BitSet();
    private final BitSet failed = new BitSet();
    /** Of {@link #failed}, the inputs that got no response at all (what a run's summary calls failed). */
    private final BitSet noResponse = new BitSet();
    /** Done inputs' request fingerprints, by place in the input sequence. */
    private long[] fingerprints = new long[1024];
    /**
     * By yield (the order the client took requests): the position. In a crawl, a found request's position, or
     * -(place + 1) for an input, whose position is given when its outcome is positioned.
     */
    private long[] positions = new long[1024];
    private long yielded;
    private long nextSeq;
    private long outputPosition;
    private long doneAtStart;
    private String kind;
    /** A crawl's next position (inputs and found requests alike); consuming thread. */
    private long nextPosition;
    /** A crawl's inputs positioned and not yet recorded: position → place in the input sequence. */
    private final Map<Long, Long> inputPlaces = new HashMap<>();
    /** The place of the input the crawl's feeder read last. */
    private long lastPlace = -1;
    private HeaderDigests headerDigests;
    private final OwnerLock lock;
    private final JobWording wording;
    /** The file as messages name it. */
    private final String name;

    private Job(Path file, Journal journal, OwnerLock lock, JobWording wording) {
        this.file = file;
        this.journal = journal;
        this.lock = lock;
        this.wording = wording;
        this.name = wording.file() + " " + file;
    }

    /**
     * A job belongs to one process at a time: a second one is refused before it reads or writes anything, naming the
     * process that has it (see {@link OwnerLock}; the lock file is {@code FILE.lock}).
     */
    private static OwnerLock lock(Path file, String settings, String name) throws JobException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir); // as the journal always did
            }
            return OwnerLock.acquire(file, settings);
        } catch (OwnerLock.HeldException e) {
            throw new JobException(name + " " + e.getMessage()
                    + ": a job runs in one process at a time; wait for that run to end, or stop it and run this again");
        } catch (IOException e) {
            throw new JobException(name + ": cannot use the job file: " + IoReasons.of(e));
        }
    }

    /**
     * Opens the job at {@code file}, creating it when absent. {@code settings} describes the run (what makes
     * two runs the same job; keep secrets out of it): an existing job started with other settings is refused
     * unless {@code force}, which adopts the new ones. Messages are in the library's words ({@link JobWording#DEFAULT}).
     */
    public static Job open(Path file, String settings, boolean force) throws JobException {
        return open(file, settings, force, JobWording.DEFAULT);
    }

    /** {@link #open(Path, String, boolean)}, its messages worded as {@code wording} says (a command line's flags). */
    public static Job open(Path file, String settings, boolean force, JobWording wording) throws JobException {
        String name = wording.file() + " " + file;
        OwnerLock lock = lock(file, settings, name);
        Journal journal;
        try {
            journal = Journal.open(file);
        } catch (SQLException | IOException e) {
            lock.close();
            throw new JobException(name + ": cannot open the job file (" + e.getMessage() + ")");
        }
        Job job = new Job(file, journal, lock, wording);
        try {
            job.load(settings, force);
            return job;
        } catch (SQLException e) {
            job.closeQuietly();
            throw new JobException(name + ": " + e.getMessage());
        } catch (JobException e) {
            job.closeQuietly();
            throw e;
        }
    }

    private void load(String settings, boolean force) throws SQLException, JobException {
        String recorded = journal.value("settings");
        if (recorded != null && !recorded.equals(settings) && !force) {
            throw new JobException(name + " belongs to another command: it was started as `" + recorded
                    + "`; run that command again to continue it, use another job file, or " + wording.force() + " to continue it with this one");
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
            if (row.input() >= 0) {
                inputsDone.set(Math.toIntExact(row.input()));
                fingerprintAt(Math.toIntExact(row.input()), row.fingerprint());
            }
            if (isFailure(row.status(), row.error())) {
                failed.set(p);
            }
            noResponse.set(p, row.error() != null);
            maxSeq[0] = Math.max(maxSeq[0], row.seq());
            nextPosition = Math.max(nextPosition, p + 1);
        });
        journal.forEachFound(f -> nextPosition = Math.max(nextPosition, f.id() + 1));
        String next = journal.value(NEXT_SEQ);
        nextSeq = next == null ? maxSeq[0] + 1 : Math.max(Long.parseLong(next), maxSeq[0] + 1);
        doneAtStart = done.cardinality();
        kind = journal.value("kind");
    }

    /** Fixes what the job runs (a plain run or a crawl) the first time; a job is one or the other for good. */
    private void use(String newKind) {
        if (kind != null && !kind.equals(newKind)) {
            throw new JobException.Unchecked(name + " was started " + (kind.equals(CRAWL) ? wording.crawl()
                    : wording.notCrawl()) + " and cannot be continued " + (newKind.equals(CRAWL) ? "as a crawl" : wording.notCrawl())
                    + ": use another job file");
        }
        if (kind == null) {
            try {
                journal.put("kind", newKind);
                journal.commit();
            } catch (SQLException e) {
                throw new JobException.Unchecked(name + ": cannot write (" + e.getMessage() + ")");
            }
            kind = newKind;
        }
    }

    private boolean crawls() {
        return CRAWL.equals(kind);
    }

    /** What {@link #forgetFailed()} runs again: no response, or an {@linkplain #isErrorStatus error status}. */
    static boolean isFailure(int status, String error) {
        return error != null || isErrorStatus(status);
    }

    /**
     * 429 and 5xx: statuses that say "not now" rather than "no": responses, yet worth asking again later, so
     * {@code --retry-failed} runs them again along with the inputs that got no response.
     */
    public static boolean isErrorStatus(int status) {
        return status == 429 || status >= 500;
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

    /** Inputs done now that {@link #forgetFailed()} would run again: no response, 429 or 5xx. */
    public long failedCount() {
        return failed.cardinality();
    }

    /** Inputs done now that got no response at all (of {@link #failedCount()}; the rest answered 429 or 5xx). */
    public long noResponseCount() {
        return noResponse.cardinality();
    }

    /** How far the output went at the last commit: records beyond it were never committed and run again. */
    public long outputPosition() {
        return outputPosition;
    }

    /**
     * The inputs that are not done, in order, for a run that does not crawl. Throws {@link JobException.Unchecked}
     * when a done input changed, or when the job is a crawl's.
     */
    public Iterator<Request> pending(Iterator<? extends Request> inputs) {
        use(INPUTS);
        return pendingInputs(inputs);
    }

    private Iterator<Request> pendingInputs(Iterator<? extends Request> inputs) {
        boolean crawl = crawls();
        return new Iterator<>() {
            private int position = -1;
            private Request next;

            @Override
            public boolean hasNext() {
                while (next == null && inputs.hasNext()) {
                    Request r = inputs.next();
                    position++;
                    if (crawl) {
                        headerDigests.learn(r.headers());
                    }
                    if (!inputsDone.get(position)) {
                        next = r;
                    } else if (CrawlJournal.fingerprint(r) != fingerprints[position]) {
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
                if (crawl) {
                    lastPlace = position; // the crawl's feeder says when the client takes it
                } else {
                    remember(yielded++, position);
                }
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

    /**
     * The outcome with its index set to its position (outcomes of {@link #pending} come indexed by yield): in a plain
     * run its input's place, in a crawl the order the request joined the crawl. Once per outcome.
     */
    public Outcome positioned(Outcome o) {
        long position = positions[Math.toIntExact(o.index())];
        if (position < 0) { // a crawl's input, which takes the next position now
            long place = -position - 1;
            position = nextPosition++;
            inputPlaces.put(position, place);
        }
        return o.withIndex(position);
    }

    /** The outcomes of the inputs not done, indexed by position: {@link #pending} through {@code fanout}. */
    public Stream<Outcome> stream(Fanout fanout, Iterator<? extends Request> inputs) {
        return fanout.stream(pending(inputs)).map(this::positioned);
    }

    /**
     * Continues the job's crawl (see {@link Fanout#crawl}): inputs done are not fetched again, found requests
     * not done are, and whatever an earlier run joined is not joined twice. {@code step} sees each outcome
     * positioned; record it as with {@link #stream}. What the crawl found is kept with the records that made it
     * find them, so that it is committed with them: URL, method, body, params, depth, parent — and headers as
     * digests only, their values given back from the inputs' headers on a rerun (a found request whose header no
     * input carries ends the run with a {@link JobException.Unchecked}).
     */
    public <R> Crawl<R> crawl(Fanout fanout, Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step,
                              boolean ordered) throws JobException {
        use(CRAWL);
        headerDigests = new HeaderDigests();
        FrontierKeeper keeper = new FrontierKeeper();
        return fanout.crawl(pendingInputs(inputs), rules, (o, frontier) -> step.visit(positioned(o), frontier),
                ordered, keeper);
    }

    /** The crawl's side of the job: keeps found requests, gives back those not done. */
    private final class FrontierKeeper implements CrawlJournal {
        private final List<Journal.Found> undone = new ArrayList<>();
        private final LongList joinedFingerprints = new LongList();

        FrontierKeeper() throws JobException {
            // every request joined: the inputs done (their fingerprints are loaded already) and all found ones
            for (int place = inputsDone.nextSetBit(0); place >= 0; place = inputsDone.nextSetBit(place + 1)) {
                joinedFingerprints.add(fingerprints[place]);
            }
            try {
                journal.forEachFound(f -> {
                    joinedFingerprints.add(f.fingerprint());
                    if (!done.get(Math.toIntExact(f.id()))) {
                        undone.add(f);
                    }
                });
            } catch (SQLException e) {
                throw new JobException(name + ": " + e.getMessage());
            }
        }

        @Override
        public long[] joined() {
            return joinedFingerprints.toArray();
        }

        @Override
        public long found(Request request, long fingerprint) {
            long position = nextPosition++;
            List<String> params = new ArrayList<>(request.params().size() * 2);
            request.params().forEach((k, v) -> {
                params.add(k);
                params.add(v);
            });
            try {
                journal.addFound(new Journal.Found(position, fingerprint, request.method(), request.url(),
                        headerDigests.encode(request.headers()), request.body(), params, request.depth(), request.parent()));
            } catch (SQLException e) {
                throw new JobException.Unchecked(name + ": cannot keep a found request (" + e.getMessage() + ")");
            }
            return position;
        }

        @Override
        public void pulled(long number) {
            remember(yielded++, number >= 0 ? number : -lastPlace - 1);
        }

        @Override
        public List<Joined> resumed() {
            List<Joined> again = new ArrayList<>(undone.size());
            for (Journal.Found f : undone) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i + 1 < f.params().size(); i += 2) {
                    params.put(f.params().get(i), f.params().get(i + 1));
                }
                Headers headers;
                try {
                    headers = headerDigests.decode(f.headers(), f.url());
                } catch (IllegalStateException e) {
                    throw new JobException.Unchecked(name + ": " + e.getMessage());
                }
                again.add(new Joined(new Request(f.method(), f.url(), headers, f.body(), params, f.depth(), f.parent()), f.id()));
            }
            undone.clear();
            return again;
        }
    }

    /** Notes that {@code o}'s record (o indexed by position) has been written; it is done at the next commit. */
    public void recorded(Outcome o) throws JobException {
        recorded(o, 1);
    }

    /**
     * Notes that {@code o}'s {@code records} records (one per item with {@code --each}, at least one) have
     * been written, one after the other; they are done together at the next commit, so a crash never leaves
     * part of them committed.
     */
    public void recorded(Outcome o, int records) throws JobException {
        if (records < 1) {
            throw new IllegalArgumentException("an outcome has at least one record, got " + records);
        }
        int position = Math.toIntExact(o.index());
        long place = position;
        if (crawls()) {
            Long p = inputPlaces.remove((long) position);
            place = p == null ? -1 : p;
        }
        String error = o.failure() == null ? null : o.failure().kind().wireName();
        long fingerprint = CrawlJournal.fingerprint(o.request());
        try {
            journal.add(new Journal.Row(position, place, fingerprint, nextSeq, o.status(), error,
                    o.elapsedNanos() / 1e6, o.attempts(), o.redirects(), dev.fanout.Redaction.DEFAULT.text(o.lastError(), o.request().url()),
                    System.currentTimeMillis()));
        } catch (SQLException e) {
            throw new JobException(name + ": cannot record " + dev.fanout.Redaction.DEFAULT.url(o.request().url()) + " (" + e.getMessage() + ")");
        }
        nextSeq += records;
        done.set(position);
        failed.set(position, isFailure(o.status(), error));
        noResponse.set(position, error != null);
        if (place >= 0) {
            inputsDone.set(Math.toIntExact(place));
            fingerprintAt(Math.toIntExact(place), fingerprint);
        }
    }

    /** Whether the request at {@code position} (a record's index) is done: an output keyed by index keeps only those. */
    public boolean isDone(long position) {
        return position >= 0 && position <= Integer.MAX_VALUE && done.get((int) position);
    }

    /** Makes everything recorded so far done, with the output standing at {@code outputPosition}. Atomic. */
    public void commit(long outputPosition) throws JobException {
        try {
            journal.put("output_position", Long.toString(outputPosition));
            journal.put(NEXT_SEQ, Long.toString(nextSeq));
            journal.commit();
            this.outputPosition = outputPosition;
        } catch (SQLException e) {
            throw new JobException(name + ": cannot commit (" + e.getMessage() + ")");
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
        // an outcome's records are seq .. (the next outcome's seq - 1): several with --each, one otherwise
        long[] previous = {-1, -1}; // position, seq of the survivor before, whose count is known at the next row
        try {
            journal.forEachDone(row -> { // in output order, so a survivor's new place is how many survived before it
                if (previous[0] >= 0) {
                    kept[0] += row.seq() - previous[1];
                    previous[0] = -1;
                }
                if (isFailure(row.status(), row.error())) {
                    gone.add(row.seq()); // a failure has one record: there are no items without a 2xx response
                    forgotten.add(row.position());
                    if (row.input() >= 0) {
                        inputsDone.clear(Math.toIntExact(row.input()));
                    }
                } else {
                    long place = kept[0];
                    if (place != row.seq()) {
                        moved.add(row.position());
                        movedTo.add(place);
                    }
                    previous[0] = row.position();
                    previous[1] = row.seq();
                }
            });
            if (previous[0] >= 0) {
                kept[0] += nextSeq - previous[1];
            }
            journal.forget(forgotten.toArray());
            journal.renumber(moved.toArray(), movedTo.toArray());
        } catch (SQLException e) {
            throw new JobException(name + ": " + e.getMessage());
        }
        for (long p : forgotten.toArray()) {
            done.clear((int) p);
        }
        failed.clear();
        noResponse.clear();
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
            throw new JobException(name + ": cannot commit (" + e.getMessage() + ")");
        }
    }

    /** The rewritten output a crashed compaction left to move into place, or null. */
    public Path pendingCompaction() throws JobException {
        try {
            String f = journal.value("compaction");
            return f == null || f.isEmpty() ? null : Path.of(f);
        } catch (SQLException e) {
            throw new JobException(name + ": " + e.getMessage());
        }
    }

    /** The rewritten output is in place. */
    public void compactionDone() throws JobException {
        try {
            journal.put("compaction", "");
            journal.commit();
        } catch (SQLException e) {
            throw new JobException(name + ": cannot commit (" + e.getMessage() + ")");
        }
    }

    private void closeQuietly() {
        try {
            journal.close();
        } catch (SQLException ignored) {
            // already failing
        } finally {
            lock.close();
        }
    }

    /** Closes the file and lets it go to another process; what was recorded after the last commit is not done. */
    @Override
    public void close() throws JobException {
        try {
            journal.close();
        } catch (SQLException e) {
            throw new JobException(name + ": " + e.getMessage());
        } finally {
            lock.close();
        }
    }
}
