package dev.fanout.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The streams a command talks through, injected so that tests can run commands in-process and capture
 * everything. {@code out} carries records (bytes); {@code err} carries messages, progress and summaries.
 *
 * @param inIsTerminal  whether {@code in} is an interactive terminal (then it is not read for URLs: a user who
 *                      typed no URLs gets an error, not a silent wait)
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress is drawn only then)
 * @param columns       the terminal's width at start
 * @param statusLine    the line progress is drawn on (on {@code err}); its width follows resizes, and what
 *                      {@code out} and {@code err} write to the same terminal is written above it
 * @param env           the environment variables commands read (the proxy ones); tests give their own
 * @param endsProcess   whether the process exits when the command returns ({@link Main}; not a test or the
 *                      training run, which run commands in a JVM that goes on): a run then leaves its
 *                      connections for the operating system to close ({@code Fanout.closeForExit})
 */
public record Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns,
                 StatusLine statusLine, Map<String, String> env, boolean endsProcess) {

    public Io {
        env = Map.copyOf(env);
    }

    /** Streams in a JVM that goes on after the command. */
    public Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns,
              StatusLine statusLine, Map<String, String> env) {
        this(in, out, err, inIsTerminal, errIsTerminal, columns, statusLine, env, false);
    }

    /** Streams with an empty environment. */
    public Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns,
              StatusLine statusLine) {
        this(in, out, err, inIsTerminal, errIsTerminal, columns, statusLine, Map.of());
    }

    /** Streams with a status line drawn in UTF-8 on {@code err}, {@code columns} wide. */
    public Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns,
              Map<String, String> env) {
        this(in, out, err, inIsTerminal, errIsTerminal, columns, new StatusLine(err, true, () -> columns), env);
    }

    /** Streams with a status line drawn in UTF-8 on {@code err}, {@code columns} wide, and an empty environment. */
    public Io(InputStream in, OutputStream out, PrintStream err, boolean inIsTerminal, boolean errIsTerminal, int columns) {
        this(in, out, err, inIsTerminal, errIsTerminal, columns, Map.of());
    }

    /** The same streams, in a process that exits when the command returns. */
    public Io endingProcess() {
        return new Io(in, out, err, inIsTerminal, errIsTerminal, columns, statusLine, env, true);
    }

    /** The process's own streams; the launcher tells which are terminals (Java cannot tell for stderr). */
    public static Io system() {
        boolean errTty = Boolean.getBoolean("fanout.stderr.tty");
        boolean outTty = Boolean.getBoolean("fanout.stdout.tty");
        boolean inTty = Boolean.getBoolean("fanout.stdin.tty");
        int columns = 80;
        try {
            columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException e) {
            // keep 80
        }
        columns = Math.max(20, columns);
        boolean unicode = utf8Locale();
        OutputStream errFd = new FileOutputStream(FileDescriptor.err);
        if (!unicode) {
            errFd = new AsciiOutput(errFd); // LC_ALL=C: ASCII stand-ins rather than '?'
        }
        StatusLine line = new StatusLine(errFd, unicode, new TerminalWidth(columns));
        PrintStream err = new PrintStream(errTty ? new AboveStatusLine(errFd, line) : errFd, true, StandardCharsets.UTF_8);
        // records go to descriptor 1 itself: System.out (a PrintStream) swallows write errors, so a closed pipe
        // (| head) would never be noticed and the run would go on sending
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        // records to the terminal progress is drawn on are written above its line, never on it
        OutputStream out = outTty && errTty ? new AboveStatusLine(stdout, line) : stdout;
        return new Io(System.in, out, err, inTty, errTty, columns, line, System.getenv());
    }

    /**
     * {@code out} for text a command prints (a report, the demo's tables; not records, which are data): UTF-8,
     * or ASCII stand-ins outside a UTF-8 locale, as on stderr.
     */
    public PrintStream textOut() {
        return new PrintStream(statusLine.unicode() ? out : new AsciiOutput(out), true, StandardCharsets.UTF_8);
    }

    /** Whether the locale's charset (what the terminal shows) is UTF-8. */
    static boolean utf8Locale() {
        String name = System.getProperty("stderr.encoding", System.getProperty("native.encoding", "UTF-8"));
        try {
            return Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
