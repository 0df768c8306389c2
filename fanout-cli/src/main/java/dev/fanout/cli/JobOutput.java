package dev.fanout.cli;

import dev.fanout.Outcome;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import dev.fanout.sink.Format;
import dev.fanout.sink.RecordSink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The record file of a {@code --job} run. On open it is cut back to where the job's last commit left it
 * (records written after that belong to inputs that run again), and with {@code --retry-failed} the failed
 * inputs' records are taken out; while the run goes on, the job is committed every {@value #COMMIT_EVERY}
 * records or {@value #COMMIT_MS} ms, each time after the records before it reached the file.
 *
 * <p>An SQLite output needs no cutting: its rows are keyed by input position and re-running an input replaces
 * its row.
 */
final class JobOutput {
    static final int COMMIT_EVERY = 2048;
    static final long COMMIT_MS = 250;

    private final Job job;
    private final FileChannel channel;
    private final boolean continuing;
    private RecordSink sink;
    private int sinceCommit;
    private long lastCommitNanos = System.nanoTime();

    private JobOutput(Job job, FileChannel channel, boolean continuing) {
        this.job = job;
        this.channel = channel;
        this.continuing = continuing;
    }

    /** Prepares {@code output} for the job; {@code retryFailed} first takes the failed inputs' records out. */
    static JobOutput open(Job job, Path output, Format format, boolean retryFailed) throws JobException, IOException {
        if (format == Format.SQLITE) {
            if (retryFailed && job.failedCount() > 0) {
                job.forgetFailed();
                job.commit(0); // their rows are replaced when they run again
            }
            return new JobOutput(job, null, true);
        }
        Path pending = job.pendingCompaction();
        if (pending != null) {
            if (Files.exists(pending)) {
                Files.move(pending, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            job.compactionDone();
        }
        long recorded = job.outputPosition();
        long size = Files.exists(output) ? Files.size(output) : 0;
        if (size < recorded) {
            throw new JobException("-o " + output + " holds " + size + " bytes but the job " + job.file() + " committed " + recorded
                    + ": the file was changed since; restore it, or start over with a new job file");
        }
        if (retryFailed && job.failedCount() > 0) {
            compact(job, output, format, recorded);
            recorded = job.outputPosition();
        }
        FileChannel ch = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(recorded);
        ch.position(recorded);
        return new JobOutput(job, ch, recorded > 0);
    }

    /** Rewrites the output without the failed inputs' records, then commits that with the job. */
    private static void compact(Job job, Path output, Format format, long recorded) throws JobException, IOException {
        long[] gone = job.forgetFailed();
        Path rewritten = output.resolveSibling(output.getFileName() + ".fanout-compact");
        long kept;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(output), 1 << 16);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(rewritten), 1 << 16)) {
            kept = copyRecords(in, recorded, format == Format.CSV || format == Format.TSV, gone, out);
        }
        try (FileChannel c = FileChannel.open(rewritten, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        job.commitCompaction(rewritten, kept);
        Files.move(rewritten, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        job.compactionDone();
    }

    /**
     * Copies the first {@code limit} bytes of records, leaving out record numbers {@code gone} (sorted; a CSV's
     * header is not a record). A record ends at a newline outside double quotes. Returns the bytes written.
     */
    static long copyRecords(InputStream in, long limit, boolean csv, long[] gone, OutputStream out) throws IOException {
        long written = 0;
        long record = csv ? -1 : 0;
        boolean quoted = false;
        byte[] buf = new byte[1 << 16];
        byte[] pendingRecord = new byte[256];
        int len = 0;
        long remaining = limit;
        int n;
        while (remaining > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, remaining))) > 0) {
            remaining -= n;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (len == pendingRecord.length) {
                    pendingRecord = Arrays.copyOf(pendingRecord, len * 2);
                }
                pendingRecord[len++] = b;
                if (csv && b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    if (record < 0 || Arrays.binarySearch(gone, record) < 0) {
                        out.write(pendingRecord, 0, len);
                        written += len;
                    }
                    record++;
                    len = 0;
                }
            }
        }
        return written;
    }

    /** Where new records go (not for SQLite, which the sink opens itself); write errors go to {@code onFailure} once. */
    OutputStream stream(java.util.function.Consumer<IOException> onFailure) {
        return new BufferedOutputStream(new WriteGuard(Channels.newOutputStream(channel), onFailure, true), 1 << 16);
    }

    /** Whether the file already holds records (and a CSV its header). */
    boolean continuing() {
        return continuing;
    }

    void attach(RecordSink sink) {
        this.sink = sink;
    }

    /**
     * Notes the {@code records} records written for {@code o} (indexed by position; several with --each);
     * commits when a batch is full or old enough — never between an outcome's records.
     */
    void recorded(Outcome o, int records) throws JobException, IOException {
        job.recorded(o, records);
        sinceCommit += records;
        if (sinceCommit >= COMMIT_EVERY || System.nanoTime() - lastCommitNanos > COMMIT_MS * 1_000_000) {
            commit();
        }
    }

    /** Flushes the records to the file, then commits them as done. */
    void commit() throws JobException, IOException {
        synchronized (sink) {
            sink.flush();
        }
        job.commit(channel == null ? 0 : channel.size());
        sinceCommit = 0;
        lastCommitNanos = System.nanoTime();
    }
}
