package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts a file's inputs (meaningful lines, or a table's rows) on a background thread of low priority, so a
 * run can show a total and an ETA without delaying its start. {@link #count()} is -1 until the count is done
 * (or if it failed).
 */
final class LineCounter {
    /** How a file's inputs are counted. */
    interface Counting {
        long count(InputStream in) throws IOException;
    }

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long count = -1;

    /** Counts the meaningful lines of {@code file} ({@code #} lines are comments when {@code comments}). */
    static LineCounter start(Path file, boolean comments) {
        return start(file, in -> {
            long n = 0;
            ByteLines lines = new ByteLines(in);
            String line;
            while ((line = lines.next()) != null) {
                if (LineIterator.meaningful(line.strip(), comments)) {
                    n++;
                }
            }
            return n;
        });
    }

    static LineCounter start(Path file, Counting counting) {
        LineCounter counter = new LineCounter();
        Thread t = new Thread(() -> counter.run(file, counting), "fanout-count-lines");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return counter;
    }

    private void run(Path file, Counting counting) {
        try (InputStream in = Files.newInputStream(file)) {
            count = counting.count(in);
        } catch (IOException | RuntimeException e) {
            // the total stays unknown; reading the values themselves reports the error
        } finally {
            done.countDown();
        }
    }

    long count() {
        return count;
    }

    /** The count, waiting at most {@code millis} for it; -1 when it is not known by then. */
    long await(long millis) {
        try {
            done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count;
    }
}
