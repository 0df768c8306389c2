package dev.fanout.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream to a terminal that has a {@link StatusLine}: text is written above the line, whole lines at a time
 * while a line is drawn (at a flush, up to the last line break; the rest waits for its line's end), so a
 * record or message never shares a line with progress.
 */
final class AboveStatusLine extends OutputStream {
    private static final int MAX_PENDING = 1 << 16;

    private final OutputStream out;
    private final StatusLine line;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    AboveStatusLine(OutputStream out, StatusLine line) {
        this.out = out;
        this.line = line;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (pending.size() >= MAX_PENDING) {
            drain(true);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= MAX_PENDING) {
            drain(true); // one line longer than the buffer: written as it is rather than held without bound
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain(false);
    }

    /** Writes everything pending, a last unfinished line included; the terminal itself stays open. */
    @Override
    public synchronized void close() throws IOException {
        drain(true);
    }

    private void drain(boolean force) throws IOException {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int written = line.writeAbove(out, bytes, force);
        pending.reset();
        pending.write(bytes, written, bytes.length - written);
    }
}
