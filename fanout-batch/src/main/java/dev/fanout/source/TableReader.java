package dev.fanout.source;

import dev.fanout.internal.Lookahead;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/** A {@link RowSource} over a CSV, TSV or JSON-lines stream; the header (or first object) is read on open. */
final class TableReader implements RowSource {
    private final RowSource.Format format;
    private final String name;
    private final CsvReader csv;
    private final ByteLines lines;
    private final List<String> columns;
    private final LongSupplier size;
    private final LongUnaryOperator awaitSize;
    /** A JSON-lines source reads up to its first good row to learn the columns; those rows are given back first. */
    private final java.util.ArrayDeque<Row> first = new java.util.ArrayDeque<>();
    private boolean opened;
    private boolean finished;

    private TableReader(RowSource.Format format, String name, InputStream in, LongSupplier size, LongUnaryOperator awaitSize) {
        this.format = format;
        this.name = name;
        this.size = size;
        this.awaitSize = awaitSize;
        try {
            if (format == RowSource.Format.JSONL) {
                csv = null;
                lines = new ByteLines(in);
                Row r;
                while ((r = nextJson()) != null) {
                    first.add(r);
                    if (r.problem() == null) {
                        break;
                    }
                }
                columns = r == null ? List.of() : List.copyOf(r.values().keySet());
            } else {
                lines = null;
                csv = new CsvReader(in, format == RowSource.Format.TSV ? '\t' : ',');
                columns = header(csv.next());
            }
        } catch (IOException e) {
            closeQuietly(in);
            throw new IllegalArgumentException(name + ": cannot read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            closeQuietly(in);
            throw e;
        }
    }

    static RowSource open(InputStream in, RowSource.Format format, String name, LongSupplier size, LongUnaryOperator awaitSize) {
        return new TableReader(format, name, in, size, awaitSize);
    }

    private List<String> header(List<String> cells) {
        if (cells == null) {
            throw new IllegalArgumentException(name + ": the file is empty (a header row naming the columns comes first)");
        }
        if (csv.problem() != null) {
            throw new IllegalArgumentException(name + ": header " + csv.problem());
        }
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).strip();
            if (c.isEmpty()) {
                throw new IllegalArgumentException(name + ": column " + (i + 1) + " of the header row has no name");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException(name + ": the header row names column '" + c + "' twice");
            }
            names.add(c);
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size.getAsLong();
    }

    @Override
    public long awaitSize(long millis) {
        return awaitSize.applyAsLong(millis);
    }

    @Override
    public synchronized Iterator<Row> rows() {
        if (opened) {
            throw new IllegalStateException(name + " can be read only once");
        }
        opened = true;
        return new Lookahead<>() {
            @Override
            protected Row computeNext() {
                if (finished) {
                    return endOfData();
                }
                Row r;
                try {
                    r = read();
                } catch (IOException e) {
                    finished = true;
                    throw new UncheckedIOException("error reading " + name + ": " + e.getMessage(), e);
                }
                if (r == null) {
                    close();
                    return endOfData();
                }
                return r;
            }
        };
    }

    private Row read() throws IOException {
        if (format == RowSource.Format.JSONL) {
            return first.isEmpty() ? nextJson() : first.poll();
        }
        List<String> cells = csv.next();
        if (cells == null) {
            return null;
        }
        long line = csv.recordLine();
        Map<String, String> values = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < Math.min(cells.size(), columns.size()); i++) {
            values.put(columns.get(i), cells.get(i));
        }
        String problem = csv.problem();
        if (problem == null && cells.size() != columns.size()) {
            problem = "line " + line + ": " + cells.size() + (cells.size() == 1 ? " column" : " columns")
                    + " where the header has " + columns.size();
        }
        return new Row(line, values, problem == null ? null : name + " " + problem);
    }

    private Row nextJson() throws IOException {
        String text;
        while ((text = lines.next()) != null) {
            if (text.isBlank()) {
                continue;
            }
            if (lines.problem() != null) {
                return new Row(lines.number(), Map.of(), name + " line " + lines.number() + ": " + lines.problem());
            }
            Row r = JsonlRows.parse(lines.number(), text);
            return r.problem() == null ? r : new Row(r.line(), r.values(), name + " " + r.problem());
        }
        return null;
    }

    @Override
    public void close() {
        finished = true;
        try {
            if (csv != null) {
                csv.close();
            } else {
                lines.close();
            }
        } catch (IOException ignored) {
            // closing a reader: nothing to do about a failure
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the error that led here is what is reported
        }
    }
}
