package dev.fanout.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through, injected so that tests can run commands in-process and capture
 * everything. {@code out} carries records (bytes); {@code err} carries messages, progress and summaries.
 *
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress is drawn only then)
 * @param columns       the terminal's width, for the progress line
 */
public record Io(InputStream in, OutputStream out, PrintStream err, boolean errIsTerminal, int columns) {

    /** The process's own streams; the launcher tells whether stderr is a terminal (Java cannot). */
    public static Io system() {
        boolean tty = Boolean.getBoolean("fanout.stderr.tty");
        int columns = 80;
        try {
            columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException e) {
            // keep 80
        }
        return new Io(System.in, System.out, System.err, tty, Math.max(20, columns));
    }
}
