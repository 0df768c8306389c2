package dev.fanout.cli;

import dev.fanout.RetryWaits;
import dev.fanout.cli.report.Fmt;
import dev.fanout.stats.RunStats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-line progress display on a terminal's {@link StatusLine}, redrawn ten times a second by a daemon thread:
 * a bar and done/total when the total is known, the recent request rate, ETA, failures so far, and retries
 * waiting (for a {@code Retry-After}, say) when there are. The line fits the terminal's width as it is now,
 * dropping the least useful parts first, and is drawn in ASCII outside a UTF-8 locale.
 */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MS = 100;

    private final StatusLine line;
    private final RunStats stats;
    private final LongSupplier total;
    private final Supplier<RetryWaits> waits;
    private final String label;
    private final Thread thread;
    private final Thread onExit;
    private volatile boolean running = true;
    private long lastDone;
    private long lastNanos = System.nanoTime();
    private double smoothedRate = -1;

    private Progress(StatusLine line, RunStats stats, LongSupplier total, Supplier<RetryWaits> waits, String label) {
        this.line = line;
        this.stats = stats;
        this.total = total;
        this.waits = waits;
        this.label = label;
        this.thread = new Thread(this::loop, "fanout-progress");
        this.thread.setDaemon(true);
        // Ctrl-C: the terminal echoes ^C at the end of the line; clearing the line on the way out takes it away
        this.onExit = new Thread(line::stop, "fanout-progress-clear");
    }

    /** Starts a display, or returns null when there is no terminal to draw on. */
    static Progress startIf(boolean enabled, Io io, RunStats stats, LongSupplier total, String label) {
        return startIf(enabled, io, stats, total, () -> RetryWaits.NONE, label);
    }

    /** The same, also saying when retries wait ({@code waits}: the client's {@code retryWaits}). */
    static Progress startIf(boolean enabled, Io io, RunStats stats, LongSupplier total, Supplier<RetryWaits> waits, String label) {
        if (!enabled) {
            return null;
        }
        Progress p = new Progress(io.statusLine(), stats, total, waits, label);
        io.statusLine().restart();
        if (!ExitHooks.add(p.onExit)) {
            return null;
        }
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
            if (running) {
                try {
                    line.show(line());
                } catch (java.io.UncheckedIOException e) {
                    return; // the terminal is gone; the run goes on
                }
            }
        }
    }

    String line() {
        long now = System.nanoTime();
        long done = stats.done();
        double instant = (done - lastDone) / ((now - lastNanos) / 1e9);
        smoothedRate = smoothedRate < 0 ? instant : 0.7 * smoothedRate + 0.3 * instant;
        lastDone = done;
        lastNanos = now;
        return render(label, done, total.getAsLong(), smoothedRate, stats.failed(), waits.get(), line.columns(), line.unicode());
    }

    /**
     * The line for these figures, at most {@code columns - 1} wide (the last column stays free: a terminal wraps
     * a line that fills it). Parts are dropped, least useful first, until it fits: the bar, the rate, the ETA.
     */
    static String render(String label, long done, long total, double rate, long failed, RetryWaits waits, int columns,
                         boolean unicode) {
        String sep = "  ";
        // not String.format: its first call sets up the JDK's locale data, ~60 classes and ~15 ms of a terminal run
        String count = total > 0 ? Fmt.padded(Math.min(100, 100 * done / total), 3) + "% "
                + Fmt.count(done) + '/' + Fmt.count(total) : Fmt.count(done) + " done";
        String rateText = Fmt.rate(Math.max(0, rate)) + " req/s";
        String eta = total > 0 && rate > 0 && done < total ? "ETA " + Fmt.clock((total - done) / rate) : null;
        String failedText = "failed " + Fmt.count(failed);
        String waiting = waitingText(waits);
        int max = columns - 1;
        for (int variant = 0; variant < 4; variant++) {
            List<String> parts = new ArrayList<>();
            parts.add(count);
            if (variant < 3) {
                parts.add(rateText);
            }
            if (eta != null && variant < 2) {
                parts.add(eta);
            }
            parts.add(failedText);
            if (waiting != null) {
                parts.add(waiting);
            }
            String text = String.join(sep, parts);
            if (variant == 0 && total > 0) {
                int room = max - label.length() - text.length() - 3;
                if (room >= 10) {
                    return label + bar(Math.min(30, room), done, total, unicode) + ' ' + text;
                }
                continue;
            }
            if (label.length() + text.length() <= max) {
                return label + text;
            }
        }
        String text = label + count + sep + failedText + (waiting == null ? "" : sep + waiting);
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String waitingText(RetryWaits waits) {
        if (waits == null || waits.waiting() == 0) {
            return null;
        }
        String what = waits.retryAfter() > 0 ? "waiting for Retry-After" : "waiting to retry";
        long seconds = waits.longestLeft().toSeconds();
        return what + ": " + Fmt.count(waits.waiting()) + (waits.waiting() == 1 ? " request" : " requests")
                + (seconds >= 1 ? ", " + Fmt.clock(waits.longestLeft().toMillis() / 1000.0) + " left" : "");
    }

    private static String bar(int width, long done, long total, boolean unicode) {
        int filled = (int) Math.min(width, width * done / total);
        return "[" + (unicode ? "█" : "#").repeat(filled) + (unicode ? "░" : "-").repeat(width - filled) + "]";
    }

    /** Stops drawing and clears the line. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        line.stop();
        ExitHooks.remove(onExit); // when exiting already, the hook clears the line anyway
    }
}
