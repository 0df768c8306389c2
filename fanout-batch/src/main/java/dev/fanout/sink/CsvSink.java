package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV with a header row: the {@link RecordColumn}s of the {@link RecordShape}, in their order —
 * {@code url}, one column per template parameter, {@code item} with {@code --each}, one per extracted field,
 * then {@code status}, {@code error}, {@code elapsed_ms}, {@code bytes}, {@code message}, {@code attempts},
 * {@code last_error}, {@code redirects}, {@code final_url}, {@code finished_ms}, {@code index}, and the optional
 * {@code proxy}, {@code extract_error}, {@code depth}, {@code parent}, {@code saved}, {@code body} (base64 for
 * binary bodies, prefixed {@code base64:}). An empty cell is a missing value; a field holding a list or object
 * is written as compact JSON.
 */
public final class CsvSink implements RecordSink {
    private final Writer out;
    private final RecordShape shape;
    private final char delimiter;
    private final RecordColumn[] columns;
    private final Cells cells = new Cells();
    private final char[] scratch = new char[Thousandths.MAX_CHARS]; // a long's digits, or a number of thousandths
    private boolean first;

    public CsvSink(OutputStream stream, List<String> paramNames, boolean includeBody) {
        this(stream, RecordShape.plain(paramNames, includeBody));
    }

    public CsvSink(OutputStream stream, RecordShape shape) {
        this(stream, shape, true);
    }

    /** {@code header} false: the stream continues a file whose header is written already. */
    public CsvSink(OutputStream stream, RecordShape shape, boolean header) {
        this(stream, shape, header, ',');
    }

    /** The same with another {@code delimiter} between cells: a tab makes TSV (quoted as CSV is). */
    public CsvSink(OutputStream stream, RecordShape shape, boolean header, char delimiter) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.shape = shape;
        this.delimiter = delimiter;
        this.columns = RecordLayout.TABLE.columns(shape);
        if (header) {
            writeHeader();
        }
    }

    private void writeHeader() {
        try {
            first = true;
            for (RecordColumn c : columns) {
                switch (c) {
                    case PARAMS -> cells(shape.paramNames());
                    case FIELDS -> cells(shape.fieldNames());
                    default -> cell(c.wireName());
                }
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void cells(List<String> names) throws IOException {
        for (String name : names) {
            cell(name);
        }
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        first = true;
        RecordColumn.write(columns, shape, o, extraction, savedFile, cells);
        out.write("\r\n");
    }

    /** A column's value as a cell: none is an empty cell. */
    private final class Cells extends RecordColumn.Cells {
        @Override
        public void column(RecordColumn column) {
            // cells follow each other: no names
        }

        @Override
        public void text(String value) throws IOException {
            cell(value == null ? "" : value);
        }

        @Override
        public void number(int value) throws IOException {
            digits(value);
        }

        @Override
        public void number(long value) throws IOException {
            digits(value);
        }

        @Override
        public void number(double value) throws IOException {
            separate();
            out.write(Double.toString(value)); // a number never needs quotes
        }

        @Override
        public void thousandths(long thousandths) throws IOException {
            separate();
            out.write(scratch, 0, Thousandths.write(thousandths, scratch));
        }

        @Override
        public void missing() throws IOException {
            separate();
        }

        @Override
        public void fields(Extraction x, RecordShape shape) throws IOException {
            for (String f : shape.fieldNames()) {
                cell(Values.text(RecordColumn.field(x, f)));
            }
        }
    }

    private void separate() throws IOException {
        if (!first) {
            out.write(delimiter);
        }
        first = false;
    }

    /** An integer's decimal digits, written without making a String of them. */
    private void digits(long value) throws IOException {
        separate();
        if (value == Long.MIN_VALUE) {
            out.write(Long.toString(value));
            return;
        }
        int at = scratch.length;
        long v = Math.abs(value);
        do {
            scratch[--at] = (char) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        if (value < 0) {
            scratch[--at] = '-';
        }
        out.write(scratch, at, scratch.length - at);
    }

    private void cell(String value) throws IOException {
        separate();
        if (needsQuotes(value)) {
            out.write('"');
            out.write(value.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(value);
        }
    }

    private boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == delimiter || c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return !v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
