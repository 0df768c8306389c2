package dev.fanout.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts a file's meaningful lines on a background thread of low priority, so a run can show a total and an
 * ETA without delaying its start. {@link #count()} is -1 until the count is done (or if it failed).
 */
final class LineCounter {
    private volatile long count = -1;

    static LineCounter start(Path file) {
        LineCounter counter = new LineCounter();
        Thread t = new Thread(() -> counter.run(file), "fanout-count-lines");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return counter;
    }

    private void run(Path file) {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (LineIterator.meaningful(line.strip())) {
                    n++;
                }
            }
            count = n;
        } catch (IOException | RuntimeException e) {
            // the total stays unknown; reading the values themselves reports the error
        }
    }

    long count() {
        return count;
    }
}
