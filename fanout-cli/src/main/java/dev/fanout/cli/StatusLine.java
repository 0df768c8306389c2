package dev.fanout.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The one line at the bottom of a terminal that progress is drawn on. Whatever else goes to the same terminal
 * (records on stdout, messages on stderr: {@link AboveStatusLine}) is written above it: the line is cleared,
 * the text written, the line drawn again, so the two never share a line.
 *
 * <p>It fits the terminal's width as it is now ({@code columns}, which may follow resizes), and when the
 * terminal was narrowed under a line drawn wider, it first clears the rows the terminal re-flowed that line
 * into (tmux, VTE, iTerm2 re-flow; a terminal that cuts lines instead loses one row of scrollback to this).
 */
public final class StatusLine {
    private final OutputStream terminal;
    private final boolean unicode;
    private final IntSupplier columns;
    private String shown;
    private int shownWidth;
    private boolean stopped;

    /**
     * @param terminal where the line is drawn (bytes; the text is ASCII unless {@code unicode})
     * @param unicode  whether the terminal shows UTF-8 (else the line is drawn in ASCII)
     * @param columns  the terminal's width now
     */
    StatusLine(OutputStream terminal, boolean unicode, IntSupplier columns) {
        this.terminal = terminal;
        this.unicode = unicode;
        this.columns = columns;
    }

    boolean unicode() {
        return unicode;
    }

    /** Whether a line is drawn now. */
    synchronized boolean isShown() {
        return shown != null;
    }

    /** The terminal's width now (at least 20). */
    int columns() {
        return Math.max(20, columns.getAsInt());
    }

    /** Draws {@code text} (one line, at most {@link #columns()} - 1 wide) in place of what the line showed. */
    synchronized void show(String text) {
        if (stopped) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        erase(sb);
        sb.append(text).append("\u001b[K");
        write(sb);
        shown = text;
        shownWidth = text.length();
    }

    /** Writes {@code text} above the line: clears it, runs {@code text}, draws the line again. */
    synchronized void above(IoAction text) throws IOException {
        String was = shown;
        if (was != null) {
            StringBuilder sb = new StringBuilder();
            erase(sb);
            write(sb);
            shown = null;
            shownWidth = 0;
        }
        text.run();
        if (was != null && !stopped) {
            show(was);
        }
    }

    /**
     * Writes to {@code out} (the same terminal) the bytes of {@code bytes} that may go now, above the line, and
     * returns how many: while a line is drawn, only whole lines (all of them when {@code bytes} is
     * {@code force}d), since the line would be drawn over an unfinished one; when none is, everything. The
     * check and the write are one step, so the progress thread cannot draw in between.
     */
    synchronized int writeAbove(OutputStream out, byte[] bytes, boolean force) throws IOException {
        int upTo = bytes.length;
        if (shown != null && !force) {
            while (upTo > 0 && bytes[upTo - 1] != '\n') {
                upTo--;
            }
        }
        if (upTo == 0) {
            return 0;
        }
        int count = upTo;
        above(() -> {
            out.write(bytes, 0, count);
            out.flush();
        });
        return upTo;
    }

    /** Clears the line for good: nothing is drawn after (the run ended, or the process is exiting). */
    synchronized void stop() {
        if (shown != null) {
            StringBuilder sb = new StringBuilder();
            erase(sb);
            write(sb);
        }
        shown = null;
        shownWidth = 0;
        stopped = true;
    }

    /** Lets a new run draw again after {@link #stop()} (the demo runs several). */
    synchronized void restart() {
        stopped = false;
    }

    /** Back to the start of the line as drawn, clearing it and any rows a narrower terminal wrapped it into. */
    private void erase(StringBuilder sb) {
        // row by row with "erase line": "erase to end of screen" from the top-left corner is a whole-screen clear,
        // which tmux (scroll-on-clear) answers by pushing the screen into its history
        sb.append("\r\u001b[K");
        int width = columns();
        for (int rows = shownWidth > width ? (shownWidth - 1) / width : 0; rows > 0; rows--) {
            sb.append("\u001b[A\u001b[K");
        }
    }

    private void write(CharSequence s) {
        try {
            terminal.write(s.toString().getBytes(StandardCharsets.UTF_8));
            terminal.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A write that may fail. */
    interface IoAction {
        void run() throws IOException;
    }
}
