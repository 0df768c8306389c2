package dev.fanout.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The terminal's width, following resizes. The launcher exports {@code COLUMNS} once, at start; when the terminal
 * is resized the kernel sends SIGWINCH, and only then is the new size read — by {@code stty size} on
 * {@code /dev/tty}, since Java cannot ask the terminal itself. Nothing runs while the size stays the same.
 */
final class TerminalWidth implements IntSupplier {
    private volatile int columns;
    private volatile boolean following;
    /** Between a SIGWINCH and the new width being read: the old width would draw a line the terminal wraps. */
    private boolean stale;

    TerminalWidth(int columns) {
        this.columns = columns;
    }

    /** The width now; just after a resize, waits (briefly) for the new one to be read. */
    @Override
    public int getAsInt() {
        if (!following) {
            follow();
        }
        synchronized (this) {
            long deadline = System.nanoTime() + 500_000_000L;
            long left;
            while (stale && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return columns;
    }

    /** Installs the SIGWINCH handler, on first use (a run that draws no progress never does). */
    private synchronized void follow() {
        if (following) {
            return;
        }
        following = true;
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> reread());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no SIGWINCH here (not a POSIX system): the width stays the one at start
        }
    }

    private void reread() {
        synchronized (this) {
            stale = true;
        }
        int read = sttyColumns();
        synchronized (this) {
            if (read > 0) {
                columns = read;
            }
            stale = false;
            notifyAll();
        }
    }

    /** {@code stty size} on the controlling terminal: "ROWS COLUMNS"; 0 when it cannot be read. */
    static int sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return 0;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return 0;
            }
            return parseColumns(new String(out, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The columns of {@code stty size}'s "ROWS COLUMNS", or 0. */
    static int parseColumns(String sttySize) {
        String[] parts = sttySize.strip().split("\\s+");
        try {
            return parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
