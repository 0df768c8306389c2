package dev.fanout.job;

import dev.fanout.Outcome;
import dev.fanout.Redaction;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.internal.IoReasons;
import dev.fanout.internal.job.Journal;
import dev.fanout.internal.job.Ledger;
import dev.fanout.internal.job.OwnerLock;
import dev.fanout.internal.job.Yields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
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
 * or bodies. Failures are {@link JobException}s whose {@linkplain JobException#reason() reason} says what is wrong.
 *
 * <p>The parts (in {@code dev.fanout.internal.job}): {@code Journal} (the file's SQL), {@code OwnerLock} (one process
 * at a time), {@code SettingsGuard} (same settings, same kind of run), {@code Ledger} (what is done),
 * {@code PendingInputs} (the inputs not done), {@code Yields} (what each request given to the client was) and, for
 * a crawl, {@code CrawlFrontier} (found requests kept and given back).
 */
public final class Job implements AutoCloseable {
    private final Path file;
    private final Journal journal;
    private final OwnerLock lock;
    private final SettingsGuard guard;
    private final Ledger ledger;
    private final Yields yields = new Yields();
    /** The crawl's frontier, once {@link #crawl} started one; null for a plain run. */
    private CrawlFrontier frontier;

    private Job(Path file, Journal journal, OwnerLock lock, SettingsGuard guard, Ledger ledger) {
        this.file = file;
        this.journal = journal;
        this.lock = lock;
        this.guard = guard;
        this.ledger = ledger;
    }

    /**
     * Opens the job at {@code file}, creating it when absent. {@code settings} describes the run (what makes
     * two runs the same job; keep secrets out of it): an existing job started with other settings is refused
     * unless {@code force}, which adopts the new ones. A job belongs to one process at a time: a second one is
     * refused before it reads or writes anything, naming the process that has it (the lock file is
     * {@code FILE.lock}).
     */
    public static Job open(Path file, String settings, boolean force) throws JobException {
        OwnerLock lock = lock(file, settings);
        Journal journal;
        try {
            journal = Journal.open(file);
        } catch (SQLException | IOException e) {
            lock.close();
            throw unusable(file, "cannot open the job file (" + e.getMessage() + ")");
        }
        try {
            SettingsGuard guard = SettingsGuard.admit(journal, file, settings, force);
            return new Job(file, journal, lock, guard, new Ledger(journal));
        } catch (SQLException e) {
            closeQuietly(journal, lock);
            throw unusable(file, e.getMessage());
        } catch (JobException e) {
            closeQuietly(journal, lock);
            throw e;
        }
    }

    private static OwnerLock lock(Path file, String settings) throws JobException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir); // as the journal always did
            }
            return OwnerLock.acquire(file, settings);
        } catch (OwnerLock.HeldException e) {
            throw new JobException(JobException.Reason.IN_USE, file, e.getMessage());
        } catch (IOException e) {
            throw unusable(file, "cannot use the job file: " + IoReasons.of(e));
        }
    }

    private static JobException unusable(Path file, String detail) {
        return new JobException(JobException.Reason.UNUSABLE, file, detail);
    }

    /**
     * 429 and 5xx: statuses that say "not now" rather than "no": responses, yet worth asking again later, so
     * {@link #forgetFailed()} runs them again along with the inputs that got no response.
     */
    public static boolean isErrorStatus(int status) {
        return Ledger.isErrorStatus(status);
    }

    /** The job file. */
    public Path file() {
        return file;
    }

    /** Inputs done when the job was opened. */
    public long doneAtStart() {
        return ledger.doneAtStart();
    }

    /** Inputs done now that {@link #forgetFailed()} would run again: no response, 429 or 5xx. */
    public long failedCount() {
        return ledger.failedCount();
    }

    /** Inputs done now that got no response at all (of {@link #failedCount()}; the rest answered 429 or 5xx). */
    public long noResponseCount() {
        return ledger.noResponseCount();
    }

    /** How far the output went at the last commit: records beyond it were never committed and run again. */
    public long outputPosition() {
        return ledger.outputPosition();
    }

    /**
     * The inputs that are not done, in order, for a run that does not crawl. Throws {@link JobException.Unchecked}
     * when a done input changed, or when the job is a crawl's.
     */
    public Iterator<Request> pending(Iterator<? extends Request> inputs) {
        try {
            guard.use(false);
        } catch (JobException e) {
            throw new JobException.Unchecked(e);
        }
        return new PendingInputs(inputs, ledger, file, yields, null);
    }

    /**
     * The outcome with its index set to its position (outcomes of {@link #pending} come indexed by yield): in a plain
     * run its input's place, in a crawl the order the request joined the crawl. Once per outcome.
     */
    public Outcome positioned(Outcome o) {
        long yield = o.index();
        long number = yields.number(yield);
        if (!yields.isInput(yield)) {
            return o.withIndex(number); // a found request's position
        }
        return o.withIndex(frontier == null ? number : frontier.positionInput(number));
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
        guard.use(true);
        frontier = new CrawlFrontier(journal, ledger, file, yields);
        return fanout.crawl(new PendingInputs(inputs, ledger, file, yields, frontier), rules,
                (o, found) -> step.visit(positioned(o), found), ordered, frontier);
    }

    /** Notes that {@code o}'s record (o indexed by position) has been written; it is done at the next commit. */
    public void recorded(Outcome o) throws JobException {
        recorded(o, 1);
    }

    /**
     * Notes that {@code o}'s {@code records} records (several when a response gives several items, at least one) have
     * been written, one after the other; they are done together at the next commit, so a crash never leaves
     * part of them committed.
     */
    public void recorded(Outcome o, int records) throws JobException {
        if (records < 1) {
            throw new IllegalArgumentException("an outcome has at least one record, got " + records);
        }
        long position = o.index();
        long place = frontier == null ? position : frontier.placeOf(position);
        String error = o.failure() == null ? null : o.failure().kind().wireName();
        try {
            ledger.recorded(new Journal.Row(position, place, CrawlJournal.fingerprint(o.request()), ledger.nextSeq(), o.status(), error,
                    o.elapsedNanos() / 1e6, o.attempts(), o.redirects(), Redaction.DEFAULT.text(o.lastError(), o.request().url()),
                    System.currentTimeMillis()), records);
        } catch (SQLException e) {
            throw unusable(file, "cannot record " + Redaction.DEFAULT.url(o.request().url()) + " (" + e.getMessage() + ")");
        }
    }

    /** Whether the request at {@code position} (a record's index) is done: an output keyed by index keeps only those. */
    public boolean isDone(long position) {
        return ledger.isDone(position);
    }

    /** Makes everything recorded so far done, with the output standing at {@code outputPosition}. Atomic. */
    public void commit(long outputPosition) throws JobException {
        try {
            ledger.commit(outputPosition);
        } catch (SQLException e) {
            throw unusable(file, "cannot commit (" + e.getMessage() + ")");
        }
    }

    /**
     * Makes the failed inputs pending again (no response, 429 or 5xx) and returns the output places (record
     * sequence numbers) of their records, which the caller removes from the output before the next commit.
     * The survivors' places are renumbered to close the gaps; part of the next commit.
     */
    public long[] forgetFailed() throws JobException {
        try {
            return ledger.forgetFailed();
        } catch (SQLException e) {
            throw unusable(file, e.getMessage());
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
            throw unusable(file, "cannot commit (" + e.getMessage() + ")");
        }
    }

    /** The rewritten output a crashed compaction left to move into place, or null. */
    public Path pendingCompaction() throws JobException {
        try {
            String f = journal.value("compaction");
            return f == null || f.isEmpty() ? null : Path.of(f);
        } catch (SQLException e) {
            throw unusable(file, e.getMessage());
        }
    }

    /** The rewritten output is in place. */
    public void compactionDone() throws JobException {
        try {
            journal.put("compaction", "");
            journal.commit();
        } catch (SQLException e) {
            throw unusable(file, "cannot commit (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(Journal journal, OwnerLock lock) {
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
            throw unusable(file, e.getMessage());
        } finally {
            lock.close();
        }
    }
}
