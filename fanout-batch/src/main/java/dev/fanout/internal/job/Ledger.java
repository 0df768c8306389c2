package dev.fanout.internal.job;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What a job has done, in memory: the done requests by position (their records' index), the done inputs by place
 * in the input sequence with their request fingerprints, which of them failed, and the output place of the next
 * record. Loaded from the {@link Journal} when the job opens; {@link #recorded} writes each finished request
 * through it (done at the journal's next commit). Not thread-safe: the consuming thread records; the feeder thread
 * only reads what was loaded before the run.
 */
public final class Ledger {
    /** The meta key of the next record's place in the output (records, not requests: one request may have several). */
    public static final String NEXT_SEQ = "next_seq";
    /** The meta key of how far the output went at the last commit. */
    public static final String OUTPUT_POSITION = "output_position";

    private final Journal journal;
    private final BitSet done = new BitSet();
    /** Done inputs by place in the input sequence (the same as {@link #done} for a job that does not crawl). */
    private final BitSet inputsDone = new BitSet();
    private final BitSet failed = new BitSet();
    /** Of {@link #failed}, the requests that got no response at all. */
    private final BitSet noResponse = new BitSet();
    /** Done inputs' request fingerprints, by place in the input sequence. */
    private long[] fingerprints = new long[1024];
    private long nextSeq;
    private long outputPosition;
    private long nextPosition;
    private final long doneAtStart;

    /** The ledger of what {@code journal} holds. */
    public Ledger(Journal journal) throws SQLException {
        this.journal = journal;
        String offset = journal.value(OUTPUT_POSITION);
        outputPosition = offset == null ? 0 : Long.parseLong(offset);
        long[] maxSeq = {-1};
        journal.forEachDone(row -> {
            int p = Math.toIntExact(row.position());
            done.set(p);
            if (row.input() != Journal.FOUND) {
                inputsDone.set(Math.toIntExact(row.input()));
                fingerprintAt(Math.toIntExact(row.input()), row.fingerprint());
            }
            failed.set(p, isFailure(row.status(), row.error()));
            noResponse.set(p, row.error() != null);
            maxSeq[0] = Math.max(maxSeq[0], row.seq());
            nextPosition = Math.max(nextPosition, p + 1);
        });
        journal.forEachFound(f -> nextPosition = Math.max(nextPosition, f.id() + 1));
        String next = journal.value(NEXT_SEQ);
        nextSeq = next == null ? maxSeq[0] + 1 : Math.max(Long.parseLong(next), maxSeq[0] + 1);
        doneAtStart = done.cardinality();
    }

    /** No response, or an {@linkplain #isErrorStatus error status}: what {@link #forgetFailed} runs again. */
    public static boolean isFailure(int status, String error) {
        return error != null || isErrorStatus(status);
    }

    /** 429 and 5xx ({@code dev.fanout.job.Job#isErrorStatus} says why). */
    public static boolean isErrorStatus(int status) {
        return status == 429 || status >= 500;
    }

    private void fingerprintAt(int place, long fp) {
        if (place >= fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, Math.max(place + 1, fingerprints.length * 2));
        }
        fingerprints[place] = fp;
    }

    /** Requests done when the job was opened. */
    public long doneAtStart() {
        return doneAtStart;
    }

    /** The first position no request of the job has (done or found): a crawl numbers what joins it from here. */
    public long nextPosition() {
        return nextPosition;
    }

    public long failedCount() {
        return failed.cardinality();
    }

    public long noResponseCount() {
        return noResponse.cardinality();
    }

    public long outputPosition() {
        return outputPosition;
    }

    public boolean isDone(long position) {
        return position >= 0 && position <= Integer.MAX_VALUE && done.get((int) position);
    }

    public boolean isInputDone(int place) {
        return inputsDone.get(place);
    }

    /** The request fingerprint of the done input at {@code place}. */
    public long inputFingerprint(int place) {
        return fingerprints[place];
    }

    /** The fingerprints of every done input. */
    public long[] doneInputFingerprints() {
        long[] out = new long[inputsDone.cardinality()];
        int i = 0;
        for (int place = inputsDone.nextSetBit(0); place >= 0; place = inputsDone.nextSetBit(place + 1)) {
            out[i++] = fingerprints[place];
        }
        return out;
    }

    /** The output place of the next record: the seq of the next {@link #recorded} row. */
    public long nextSeq() {
        return nextSeq;
    }

    /**
     * Writes a finished request whose {@code records} records (at least one) were written from {@link #nextSeq()}
     * on, which is {@code row}'s seq; it is done at the journal's next commit.
     */
    public void recorded(Journal.Row row, int records) throws SQLException {
        if (row.seq() != nextSeq) {
            throw new IllegalArgumentException("a row's records start at " + nextSeq + ", got " + row.seq());
        }
        journal.add(row);
        nextSeq += records;
        int position = Math.toIntExact(row.position());
        done.set(position);
        failed.set(position, isFailure(row.status(), row.error()));
        noResponse.set(position, row.error() != null);
        if (row.input() != Journal.FOUND) {
            inputsDone.set(Math.toIntExact(row.input()));
            fingerprintAt(Math.toIntExact(row.input()), row.fingerprint());
        }
    }

    /** Commits what was recorded, with the output standing at {@code outputPosition}. */
    public void commit(long outputPosition) throws SQLException {
        journal.put(OUTPUT_POSITION, Long.toString(outputPosition));
        journal.put(NEXT_SEQ, Long.toString(nextSeq));
        journal.commit();
        this.outputPosition = outputPosition;
    }

    /**
     * Makes the failed requests pending again and returns the output places of their records; the survivors'
     * places are renumbered to close the gaps. Part of the next commit.
     */
    public long[] forgetFailed() throws SQLException {
        LongList gone = new LongList();
        LongList forgotten = new LongList();
        LongList moved = new LongList();
        LongList movedTo = new LongList();
        long[] kept = {0};
        // a request's records are seq .. (the next request's seq - 1): several with items, one otherwise
        long[] previous = {-1, -1}; // position, seq of the survivor before, whose count is known at the next row
        journal.forEachDone(row -> { // in output order, so a survivor's new place is how many survived before it
            if (previous[0] >= 0) {
                kept[0] += row.seq() - previous[1];
                previous[0] = -1;
            }
            if (isFailure(row.status(), row.error())) {
                gone.add(row.seq()); // a failure has one record: there are no items without a 2xx response
                forgotten.add(row.position());
                if (row.input() != Journal.FOUND) {
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
        for (long p : forgotten.toArray()) {
            done.clear((int) p);
        }
        failed.clear();
        noResponse.clear();
        nextSeq = kept[0];
        return gone.toArray();
    }
}
