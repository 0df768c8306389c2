package dev.fanout.cli;

import dev.fanout.stats.RunStats;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on a terminal, redrawn ten times a second by a daemon thread: a bar and
 * done/total when the total is known, the recent request rate, ETA, and failures so far.
 */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MS = 100;

    private final PrintStream err;
    private final RunStats stats;
    private final LongSupplier total;
    private final int columns;
    private final String label;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastDone;
    private long lastNanos = System.nanoTime();
    private double smoothedRate = -1;

    private Progress(PrintStream err, RunStats stats, LongSupplier total, int columns, String label) {
        this.err = err;
        this.stats = stats;
        this.total = total;
        this.columns = columns;
        this.label = label;
        this.thread = new Thread(this::loop, "fanout-progress");
        this.thread.setDaemon(true);
    }

    /** Starts a display, or returns null when there is no terminal to draw on. */
    static Progress startIf(boolean enabled, Io io, RunStats stats, LongSupplier total, String label) {
        if (!enabled) {
            return null;
        }
        Progress p = new Progress(io.err(), stats, total, io.columns(), label);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS); // a display refresh period, not a wait for an event
            } catch (InterruptedException e) {
                return;
            }
            draw();
        }
    }

    private synchronized void draw() {
        if (!running) {
            return;
        }
        err.print("\r" + line() + "\u001b[K");
        err.flush();
    }

    String line() {
        long now = System.nanoTime();
        long done = stats.done();
        double instant = (done - lastDone) / ((now - lastNanos) / 1e9);
        smoothedRate = smoothedRate < 0 ? instant : 0.7 * smoothedRate + 0.3 * instant;
        lastDone = done;
        lastNanos = now;
        long t = total.getAsLong();
        StringBuilder sb = new StringBuilder(label);
        if (t > 0) {
            int width = Math.max(10, Math.min(30, columns - 70));
            int filled = (int) Math.min(width, width * done / t);
            sb.append('[').append("█".repeat(filled)).append("░".repeat(width - filled)).append("] ")
              .append(String.format("%3d%% ", Math.min(100, 100 * done / t)))
              .append(Fmt.count(done)).append('/').append(Fmt.count(t));
        } else {
            sb.append(Fmt.count(done)).append(" done");
        }
        sb.append("  ").append(Fmt.rate(smoothedRate)).append(" req/s");
        if (t > 0 && smoothedRate > 0 && done < t) {
            sb.append("  ETA ").append(Fmt.clock((t - done) / smoothedRate));
        }
        sb.append("  failed ").append(Fmt.count(stats.failed()));
        String s = sb.toString();
        return s.length() >= columns ? s.substring(0, columns - 1) : s;
    }

    /** Stops drawing and clears the line. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        err.print("\r\u001b[K");
        err.flush();
    }
}
