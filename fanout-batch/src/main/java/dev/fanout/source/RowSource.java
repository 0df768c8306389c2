package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The rows of a table, read once and lazily (a ten-million-row file is never held in memory): a CSV or TSV
 * file with a header row, JSON lines (one object per line), or rows of your own. {@link #columns()} is known
 * before the first row is read; each row's values ride along into its records. Fill a request template from
 * it with {@link RequestSources.Spec#withRows}.
 */
public interface RowSource extends AutoCloseable {

    /** The formats a table file may have. */
    enum Format {
        /** RFC 4180 comma-separated values with a header row. */
        CSV,
        /** The same with tabs. */
        TSV,
        /** One JSON object per line; the first object's keys name the columns. */
        JSONL;

        /**
         * The format a file name's extension says ({@code .csv}, {@code .tsv}, {@code .jsonl}, {@code .ndjson}), or
         * null: the extensions output files are known by ({@link dev.fanout.sink.Format#fromFileName}), so that a
         * table fanout wrote reads back as what it is.
         */
        public static Format fromFileName(String name) {
            dev.fanout.sink.Format written = dev.fanout.sink.Format.fromFileName(name);
            return written == null ? null : switch (written) {
                case CSV -> CSV;
                case TSV -> TSV;
                case JSONL -> JSONL;
                case SQLITE -> null;
            };
        }
    }

    /** The column names, in input order. */
    List<String> columns();

    /** The rows, read on demand; can be called once. Reading errors surface as {@link UncheckedIOException}. */
    Iterator<Row> rows();

    /** The number of rows, or -1 while unknown (files are counted in the background). */
    long size();

    /** The number of rows, waiting at most {@code millis} for a background count; -1 when still unknown. */
    default long awaitSize(long millis) {
        return size();
    }

    /** What to call the input in messages (its file name). */
    String name();

    @Override
    default void close() {
    }

    /**
     * Reads a table file. The header (CSV, TSV) or first object (JSON lines) is read now.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or its header is unusable
     */
    static RowSource read(Path file, Format format) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read file (" + e.getMessage() + ")");
        }
        LineCounter counter = format == Format.JSONL ? LineCounter.start(file, false) : LineCounter.start(file, CsvReader::count);
        long headerRows = format == Format.JSONL ? 0 : 1;
        return TableReader.open(in, format, file.toString(), () -> {
            long n = counter.count();
            return n < 0 ? -1 : Math.max(0, n - headerRows);
        }, millis -> {
            long n = counter.await(millis);
            return n < 0 ? -1 : Math.max(0, n - headerRows);
        });
    }

    /** Reads a table from a stream (standard input), which is closed at the end; its size is unknown. */
    static RowSource read(InputStream in, Format format, String name) {
        return TableReader.open(in, format, name, () -> -1, millis -> -1);
    }

    /** Rows of your own: {@code columns} in order, and a map per row (a missing key is a value not given). */
    static RowSource of(List<String> columns, Iterable<? extends Map<String, String>> rows) {
        List<String> cols = List.copyOf(columns);
        long size = rows instanceof java.util.Collection<?> c ? c.size() : -1;
        return new RowSource() {
            @Override
            public List<String> columns() {
                return cols;
            }

            @Override
            public Iterator<Row> rows() {
                Iterator<? extends Map<String, String>> it = rows.iterator();
                return new Iterator<>() {
                    long n;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Row next() {
                        return Row.of(++n, it.next());
                    }
                };
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public String name() {
                return "rows";
            }
        };
    }
}
