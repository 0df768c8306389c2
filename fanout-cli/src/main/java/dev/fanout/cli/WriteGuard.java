package dev.fanout.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Under an output's buffer: the first write error (a closed pipe, a full disk, a file-size limit) is kept and
 * thrown again by every later write or flush, and reported once to {@code onFailure}.
 *
 * <p>Without it, a buffer whose flush failed half-way keeps its bytes and writes them all again on the next flush
 * (from another thread, or once space was freed), so the file would hold part of a record twice.
 */
final class WriteGuard extends FilterOutputStream {
    private final Consumer<IOException> onFailure;
    private final boolean closeUnderlying;
    private volatile IOException failure;

    /**
     * @param closeUnderlying whether {@link #close} closes {@code out} too (not for standard output, which is
     *                        flushed and left open)
     */
    WriteGuard(OutputStream out, Consumer<IOException> onFailure, boolean closeUnderlying) {
        super(out);
        this.onFailure = onFailure;
        this.closeUnderlying = closeUnderlying;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (failure != null) {
            if (closeUnderlying) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the first failure is the one reported
                }
            }
            return;
        }
        if (closeUnderlying) {
            try {
                out.close();
            } catch (IOException e) {
                throw failed(e);
            }
        } else {
            flush();
        }
    }

    private void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            // a new exception each time: the same instance thrown twice in one try-with-resources cannot suppress itself
            throw new IOException(f.getMessage(), f);
        }
    }

    private synchronized IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
            onFailure.accept(e);
            return e;
        }
        return new IOException(failure.getMessage(), failure); // another thread's write failed first: its reason
    }
}
