package dev.fanout.source;

import dev.fanout.internal.Lookahead;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The meaningful lines of a stream: trimmed, without blank lines, and without {@code #} comments when
 * {@code comments} is set (URL lists and {@code -i} values; a value file keeps them as values). UTF-8 with or
 * without a byte-order mark; a line that is not UTF-8 is still returned (bad bytes as U+FFFD) with
 * {@link #problem()} saying where, so that its input becomes an {@code invalid_input} record and the run goes
 * on. Closes the stream at the end, or on {@link #close()} when the run stops before. Not thread-safe.
 */
final class LineIterator extends Lookahead<String> implements AutoCloseable {
    private final ByteLines lines;
    private final String name;
    private final boolean comments;
    /** The problem of the line read ahead; {@link #problem} is the one of the line handed out. */
    private String nextProblem;
    private String problem;

    LineIterator(InputStream in, String name, boolean comments) {
        this.lines = new ByteLines(in);
        this.name = name;
        this.comments = comments;
    }

    static boolean meaningful(String trimmed, boolean comments) {
        return !trimmed.isEmpty() && !(comments && trimmed.charAt(0) == '#');
    }

    @Override
    protected String computeNext() {
        try {
            String line;
            while ((line = lines.next()) != null) {
                String t = line.strip();
                if (meaningful(t, comments)) {
                    nextProblem = lines.problem() == null ? null : name + " line " + lines.number() + ": " + lines.problem();
                    return t;
                }
            }
            lines.close();
            return endOfData();
        } catch (IOException e) {
            endOfData();
            throw new UncheckedIOException("error reading " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void onNext(String line) {
        problem = nextProblem;
    }

    /** Why the value {@link #next()} returned last is not what the file holds (not UTF-8), or null. */
    String problem() {
        return problem;
    }

    @Override
    public void close() throws IOException {
        endOfData();
        lines.close();
    }
}
