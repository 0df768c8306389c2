package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming RFC 4180 reader (comma or tab separated): fields in double quotes may hold the separator,
 * {@code ""} for a quote and line breaks; records end with CRLF, LF or CR. Works on bytes — the separators
 * and quotes are ASCII and never part of a UTF-8 sequence — and decodes each field strictly, so a field that is
 * not UTF-8 marks only its record. A UTF-8 byte-order mark at the start is skipped. Holds one record at a
 * time. Not thread-safe.
 */
final class CsvReader implements AutoCloseable {
    private final InputStream in;
    private final byte separator;
    private final byte[] buf = new byte[1 << 16];
    private final Utf8 utf8 = new Utf8();
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private byte[] field = new byte[256];
    private int length;
    /** The physical line the reader is on (1-based). */
    private long line = 1;
    private long recordLine;
    private String problem;

    CsvReader(InputStream in, char separator) {
        this.in = in;
        this.separator = (byte) separator;
    }

    /**
     * The next record's fields, or null at the end; a blank line is skipped. When the record is malformed
     * (a field not UTF-8, an unclosed quote) its fields are still returned and {@link #problem()} says why.
     */
    List<String> next() throws IOException {
        if (!started) {
            started = true;
            if (fill() && limit >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
        }
        while (true) {
            problem = null;
            recordLine = line;
            if (pos == limit && !fill()) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            boolean quotedAny = readRecord(fields);
            if (fields.size() == 1 && fields.get(0).isEmpty() && !quotedAny) {
                continue; // a blank line
            }
            return fields;
        }
    }

    /** Reads fields up to the end of the record; true when any field was quoted. */
    private boolean readRecord(List<String> fields) throws IOException {
        boolean quotedAny = false;
        while (true) {
            length = 0;
            boolean quoted = false;
            int b = peek();
            if (b == '"') {
                quoted = quotedAny = true;
                pos++;
                readQuoted(fields.size() + 1);
            }
            // the rest of the field (all of it when unquoted; after a closing quote, text that should not be there)
            while (true) {
                b = peek();
                if (b < 0 || b == '\n' || b == '\r' || b == separator) {
                    break;
                }
                if (quoted && problem == null) {
                    problem = "line " + recordLine + ": text after the closing quote of column " + (fields.size() + 1);
                }
                append((byte) b);
                pos++;
            }
            fields.add(decode(fields.size() + 1));
            if (b == separator) {
                pos++;
                continue;
            }
            if (b == '\r') {
                pos++;
                if (peek() == '\n') {
                    pos++;
                }
            } else if (b == '\n') {
                pos++;
            }
            if (b >= 0) {
                line++;
            }
            return quotedAny;
        }
    }

    private void readQuoted(int column) throws IOException {
        while (true) {
            int b = peek();
            if (b < 0) {
                if (problem == null) {
                    problem = "line " + recordLine + ": the quoted field in column " + column + " is not closed before the end of the file";
                }
                return;
            }
            pos++;
            if (b == '"') {
                if (peek() == '"') {
                    pos++;
                    append((byte) '"');
                    continue;
                }
                return;
            }
            if (b == '\n' || (b == '\r' && peek() != '\n')) {
                line++;
            }
            append((byte) b);
        }
    }

    private String decode(int column) {
        String text = utf8.decode(field, length);
        if (text != null) {
            return text;
        }
        if (problem == null) {
            problem = "line " + recordLine + ", column " + column + ": " + Utf8.problem(field, length);
        }
        return Utf8.lenient(field, length);
    }

    /** The physical line the last record started on. */
    long recordLine() {
        return recordLine;
    }

    /** Why the last record is malformed, or null. */
    String problem() {
        return problem;
    }

    private void append(byte b) {
        if (length == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[length++] = b;
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    private boolean fill() throws IOException {
        while (!eof) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                pos = 0;
                limit = n;
                return true;
            }
        }
        pos = limit = 0;
        return false;
    }

    /** Counts the records of a stream without decoding them (for a run's total). */
    static long count(InputStream in) throws IOException {
        byte[] b = new byte[1 << 16];
        long records = 0;
        boolean quoted = false;
        boolean content = false;
        int n;
        while ((n = in.read(b)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte c = b[i];
                if (c == '"') {
                    quoted = !quoted;
                    content = true;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                    if (content) {
                        records++;
                    }
                    content = false;
                } else {
                    content = true;
                }
            }
        }
        return content ? records + 1 : records;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
