package dev.fanout.internal.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ownership of a file (a job file, an output) by one process at a time: an OS lock ({@code fcntl}) on a lock file
 * beside it, {@code NAME.lock}, which holds the owner's process id and command. The kernel drops the lock when
 * the owner dies, {@code kill -9} included, so a stale lock file never blocks a later run; the owner deletes the
 * file when it lets go.
 *
 * <p>Why a file beside and not a lock on the file itself: POSIX drops every lock a process holds on a file as
 * soon as the process closes <em>any</em> descriptor of it, and SQLite (job files, SQLite outputs) opens and closes
 * its files itself.
 *
 * <p>Because the owner deletes the lock file, a process may lock a file that was just deleted; it then checks that
 * the name still leads to the file it locked (same file key before opening and after locking) and else tries again.
 */
public final class OwnerLock implements AutoCloseable {
    /** Lock files this process holds: a second lock from the same process must not open (and then close) the file. */
    private static final ConcurrentHashMap<Path, OwnerLock> HELD = new ConcurrentHashMap<>();
    private static final int ATTEMPTS = 20;

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OwnerLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process (or this one) owns the file; the message says which. */
    public static final class HeldException extends IOException {
        private final long pid;

        HeldException(long pid, String message) {
            super(message);
            this.pid = pid;
        }

        /** The owner's process id, or -1 when it could not be read. */
        public long pid() {
            return pid;
        }
    }

    /** The lock file that guards {@code target}. */
    public static Path lockFileOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Takes ownership of {@code target}, at once or not at all. {@code owner} (one line, no secrets) is written into
     * the lock file for a second process's message.
     *
     * @throws HeldException when another process, or this one, owns it
     * @throws IOException   when the lock file cannot be made (no such directory, read-only, ...)
     */
    public static OwnerLock acquire(Path target, String owner) throws IOException {
        Path lockFile = lockFileOf(target);
        Path key = lockFile.normalize();
        if (HELD.containsKey(key)) {
            throw held(ProcessHandle.current().pid(), "this process");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Files.newByteChannel(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            Object before = fileKey(lockFile);
            FileChannel ch;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException gone) {
                continue; // its owner just deleted it
            }
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                String holder = read(ch);
                ch.close();
                throw held(holder);
            }
            if (before == null || !Objects.equals(before, fileKey(lockFile))) {
                lock.release(); // locked a file its owner deleted meanwhile: the name leads elsewhere now
                ch.close();
                continue;
            }
            OwnerLock owned = new OwnerLock(key, ch, lock);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n" + owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            HELD.put(key, owned);
            return owned;
        }
        throw new IOException("cannot lock " + lockFile + ": it keeps being replaced");
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            ch.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static HeldException held(String content) {
        String[] lines = content.split("\n", 3);
        long pid = -1;
        try {
            pid = Long.parseLong(lines[0].strip());
        } catch (NumberFormatException ignored) {
            // the owner has not written it yet
        }
        String command = lines.length > 1 ? lines[1].strip() : "";
        return held(pid, pid < 0 ? "another process" : "process " + pid + (command.isEmpty() ? "" : " (" + command + ")"));
    }

    private static HeldException held(long pid, String who) {
        return new HeldException(pid, "is in use by " + who);
    }

    /** Lets go: deletes the lock file (while still holding it, so no one locks it in between), then unlocks. */
    @Override
    public void close() {
        if (HELD.remove(lockFile, this)) {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException ignored) {
                // left behind: a later run locks it again (the kernel released the lock)
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the descriptor releases the lock in any case
            }
        }
    }
}
