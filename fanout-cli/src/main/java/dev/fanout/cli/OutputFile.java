package dev.fanout.cli;

import dev.fanout.internal.IoReasons;
import dev.fanout.internal.job.OwnerLock;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The {@code -o} file of a run, claimed before any request is sent: it must be writable — a missing directory, a
 * read-only file or file system, a directory where the file should be are found here, with the system's reason —
 * and it belongs to this run alone ({@link OwnerLock}: a second run writing the same file is refused, naming the
 * process that writes it). Nothing in the file changes until {@link #stream} (or the job's or SQLite sink's own
 * opening) after the claim.
 *
 * <p>A non-regular file ({@code /dev/null}, a FIFO) is not locked: two writers cannot corrupt it.
 */
final class OutputFile implements AutoCloseable {
    private final String name;
    private final Path path;
    private final OwnerLock lock;

    private OutputFile(String name, Path path, OwnerLock lock) {
        this.name = name;
        this.path = path;
        this.lock = lock;
    }

    /**
     * Checks and claims {@code output}; {@code owner} (no secrets) tells a second run who has it.
     *
     * @throws IllegalArgumentException a usage error naming the file and the reason
     */
    static OutputFile claim(String output, String owner) {
        Path p = check(output);
        OwnerLock lock = null;
        if (!Files.exists(p) || Files.isRegularFile(p)) {
            try {
                lock = OwnerLock.acquire(p, owner);
            } catch (OwnerLock.HeldException e) {
                throw new IllegalArgumentException("-o " + output + " " + e.getMessage()
                        + ": two runs writing one file would mix their records; wait for that run to end, or write elsewhere");
            } catch (IOException e) {
                throw new IllegalArgumentException("-o " + output + ": cannot write the file: " + IoReasons.of(e));
            }
        }
        return new OutputFile(output, p, lock);
    }

    /**
     * Checks that {@code output} can be written, changing nothing (a file this creates is removed again): done before
     * the job is opened too, so that a mistyped {@code -o} does not leave a new job behind.
     *
     * @throws IllegalArgumentException a usage error naming the file and the reason
     */
    static Path check(String output) {
        Path p = Path.of(output);
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException("-o " + output + ": cannot write the file: Is a directory");
        }
        try {
            checkWritable(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("-o " + output + ": cannot write the file: " + IoReasons.of(e));
        }
        return p;
    }

    /** Opens it for writing without changing it: what fails here would fail at the first record. */
    private static void checkWritable(Path p) throws IOException {
        boolean existed = Files.exists(p);
        try (FileChannel ignored = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            // openable for writing
        }
        if (!existed) {
            Files.deleteIfExists(p); // created by the run itself, once it starts
        }
    }

    Path path() {
        return path;
    }

    /** The file, emptied, as the buffered stream records go to; write errors go to {@code onFailure} once. */
    OutputStream stream(Consumer<IOException> onFailure) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        if (Files.isRegularFile(path)) {
            ch.truncate(0);
        }
        return new BufferedOutputStream(new WriteGuard(Channels.newOutputStream(ch), onFailure, true), 1 << 16);
    }

    /** Standard output as records go to: flushed, never closed; a closed pipe is reported to {@code onFailure}. */
    static OutputStream stdout(OutputStream out, Consumer<IOException> onFailure) {
        return new BufferedOutputStream(new WriteGuard(out, onFailure, false), 1 << 16);
    }

    /** Lets the file go to another run (after the records were flushed and the sink closed). */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
