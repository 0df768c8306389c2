package dev.fanout.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as bytes ({@code \n}, {@code \r\n} or {@code \r} end a line), skipping a UTF-8
 * byte-order mark at its start, and decodes each line strictly: a line that is not UTF-8 is reported with its
 * number instead of ending the read. Not thread-safe.
 */
final class ByteLines implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private final Utf8 utf8 = new Utf8();
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private long number;
    private boolean started;
    private boolean eof;
    private String problem;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line's text (bad bytes replaced by U+FFFD when {@link #problem()} is set), or null at the end. */
    String next() throws IOException {
        if (!started) {
            started = true;
            fill();
            if (limit - pos >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
        }
        length = 0;
        problem = null;
        while (true) {
            if (pos == limit && !fill()) {
                if (length == 0 && eof) {
                    return null;
                }
                break;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if (pos == limit) {
                    fill();
                }
                if (pos < limit && buf[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = b;
        }
        number++;
        String text = utf8.decode(line, length);
        if (text == null) {
            problem = Utf8.problem(line, length);
            text = Utf8.lenient(line, length);
        }
        return text;
    }

    /** The number (1-based) of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    /** Why the last line could not be read as it is, or null. */
    String problem() {
        return problem;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = n < 0;
            pos = limit = 0;
            return !eof && fill();
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
