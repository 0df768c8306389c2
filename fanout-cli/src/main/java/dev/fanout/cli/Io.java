package dev.fanout.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through, injected so that tests can run commands in-process and capture
 * everything. {@code out} carries records (bytes); {@code err} carries messages, progress and summaries.
 *
 * @param inIsTerminal  whether {@code in} is an interactive terminal (then it is not read for URLs: a user who
 *                      typed no URLs gets an error, not a silent wait)
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress is drawn only then)
 * @param columns       the terminal's width, for the progress line
 */
public record Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns) {

    /** The process's own streams; the launcher tells which are terminals (Java cannot tell for stderr). */
    public static Io system() {
        boolean tty = Boolean.getBoolean("fanout.stderr.tty");
        boolean inTty = Boolean.getBoolean("fanout.stdin.tty");
        int columns = 80;
        try {
            columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException e) {
            // keep 80
        }
        // records go to descriptor 1 itself: System.out (a PrintStream) swallows write errors, so a closed pipe
        // (| head) would never be noticed and the run would go on sending
        return new Io(System.in, new FileOutputStream(FileDescriptor.out), System.err, inTty, tty, Math.max(20, columns));
    }
}
