package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The values of one template parameter. Values are produced lazily, so a range of ten million numbers or a
 * file of ten million lines never sits in memory. {@link #open()} may be called again to iterate anew
 * (the product of several parameters re-iterates every one but the outermost).
 */
public interface ValueSource {

    /** A fresh iterator over the values; reading errors surface as {@link UncheckedIOException}. */
    Iterator<String> open();

    /** The number of values, or -1 while unknown. */
    long size();

    static ValueSource of(List<String> values) {
        List<String> copy = List.copyOf(values);
        return new ValueSource() {
            @Override
            public Iterator<String> open() {
                return copy.iterator();
            }

            @Override
            public long size() {
                return copy.size();
            }
        };
    }

    /**
     * The integers from {@code from} to {@code to}, both included, counting down when {@code to < from};
     * zero-padded to {@code width} digits when width is above 1 (as in {@code 001..100}).
     */
    static ValueSource range(long from, long to, int width) {
        long step = to >= from ? 1 : -1;
        long count = Math.abs(to - from) + 1;
        return new ValueSource() {
            @Override
            public Iterator<String> open() {
                return new Iterator<>() {
                    long next = from;
                    long left = count;

                    @Override
                    public boolean hasNext() {
                        return left > 0;
                    }

                    @Override
                    public String next() {
                        if (left <= 0) {
                            throw new NoSuchElementException();
                        }
                        long v = next;
                        next += step;
                        left--;
                        return pad(v, width);
                    }
                };
            }

            @Override
            public long size() {
                return count;
            }
        };
    }

    private static String pad(long v, int width) {
        String s = Long.toString(Math.abs(v));
        if (s.length() < width) {
            s = "0".repeat(width - s.length()) + s;
        }
        return v < 0 ? "-" + s : s;
    }

    /**
     * The number of values, waiting at most {@code millis} for it to be
     * counted; -1 when it is still unknown then.
     */
    default long awaitSize(long millis) {
        return size();
    }

    /**
     * The lines of a file, one value each, trimmed; blank lines and lines starting with {@code #} are
     * skipped (a URL list's comments). The file is read anew on every {@link #open()}; its size is counted in
     * the background.
     */
    static ValueSource lines(Path file) {
        return lines(file, true);
    }

    /**
     * The lines of a file, one value each, trimmed; blank lines are skipped, and lines starting with
     * {@code #} too when {@code comments} (a value file, {@code -p name=@file}, keeps them: {@code #hashtag}
     * is a value). UTF-8 with or without a byte-order mark; a line that is not UTF-8 makes the inputs that
     * use it {@code invalid_input} records naming the line.
     */
    static ValueSource lines(Path file, boolean comments) {
        LineCounter counter = LineCounter.start(file, comments);
        return new ValueSource() {
            @Override
            public Iterator<String> open() {
                try {
                    return new LineIterator(Files.newInputStream(file), file.toString(), comments);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            public long size() {
                return counter.count();
            }

            @Override
            public long awaitSize(long millis) {
                return counter.await(millis);
            }
        };
    }

    /** The lines of a stream that can be read once (standard input), {@code #} comments skipped; its size is unknown. */
    static ValueSource linesOnce(InputStream in, String name) {
        return linesOnce(in, name, true);
    }

    /** The same, {@code #} lines kept as values unless {@code comments}. */
    static ValueSource linesOnce(InputStream in, String name, boolean comments) {
        return new ValueSource() {
            private boolean opened;

            @Override
            public synchronized Iterator<String> open() {
                if (opened) {
                    throw new IllegalStateException(name + " can be read only once");
                }
                opened = true;
                return new LineIterator(in, name, comments);
            }

            @Override
            public long size() {
                return -1;
            }
        };
    }
}
