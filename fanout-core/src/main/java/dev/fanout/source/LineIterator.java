package dev.fanout.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The meaningful lines of a reader: trimmed, without blank lines or {@code #} comments. Closes the reader
 * at the end, or on {@link #close()} when the run stops before. Not thread-safe.
 */
final class LineIterator implements Iterator<String>, AutoCloseable {
    private final BufferedReader reader;
    private final String name;
    private String next;
    private boolean finished;

    LineIterator(BufferedReader reader, String name) {
        this.reader = reader;
        this.name = name;
    }

    static boolean meaningful(String trimmed) {
        return !trimmed.isEmpty() && trimmed.charAt(0) != '#';
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
            while ((line = reader.readLine()) != null) {
                String t = line.strip();
                if (meaningful(t)) {
                    next = t;
                    return true;
                }
            }
            finished = true;
            reader.close();
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
        next = null;
        return v;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        reader.close();
    }
}
