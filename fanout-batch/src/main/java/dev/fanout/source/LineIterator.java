package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The meaningful lines of a stream: trimmed, without blank lines, and without {@code #} comments when
 * {@code comments} is set (URL lists and {@code -i} values; a value file keeps them as values). UTF-8 with or
 * without a byte-order mark; a line that is not UTF-8 is still returned (bad bytes as U+FFFD) with
 * {@link #problem()} saying where, so that its input becomes an {@code invalid_input} record and the run goes
 * on. Closes the stream at the end, or on {@link #close()} when the run stops before. Not thread-safe.
 */
final class LineIterator implements Iterator<String>, AutoCloseable {
    private final ByteLines lines;
    private final String name;
    private final boolean comments;
    private String next;
    private String nextProblem;
    private String problem;
    private boolean finished;

    LineIterator(InputStream in, String name, boolean comments) {
        this.lines = new ByteLines(in);
        this.name = name;
        this.comments = comments;
    }

    static boolean meaningful(String trimmed, boolean comments) {
        return !trimmed.isEmpty() && !(comments && trimmed.charAt(0) == '#');
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            String line;
            while ((line = lines.next()) != null) {
                String t = line.strip();
                if (meaningful(t, comments)) {
                    next = t;
                    nextProblem = lines.problem() == null ? null : name + " line " + lines.number() + ": " + lines.problem();
                    return true;
                }
            }
            finished = true;
            lines.close();
            return false;
        } catch (IOException e) {
            finished = true;
            throw new UncheckedIOException("error reading " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String v = next;
        problem = nextProblem;
        next = null;
        return v;
    }

    /** Why the value {@link #next()} returned last is not what the file holds (not UTF-8), or null. */
    String problem() {
        return problem;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        lines.close();
    }
}
