package dev.fanout.cli;

/** The process exit codes of {@code fanout}, as documented in the README. */
public final class ExitCode {
    /** Every input got an HTTP response (of any status). */
    public static final int OK = 0;
    /** At least one input ended without a response; its record names the failure. */
    public static final int SOME_FAILED = 1;
    /** The command line or an input was unusable, or the job or output is another run's; nothing was sent. */
    public static final int USAGE = 2;
    /** Reading input or writing output failed during the run, or an internal error. */
    public static final int IO_ERROR = 3;
    /** Interrupted (Ctrl-C, SIGINT): sending stopped, the responses that had arrived were written (and committed with --job). */
    public static final int INTERRUPTED = 130;
    /** Standard output was closed by its reader ({@code | head}): sending stopped. 128 + SIGPIPE, as shells report a tool SIGPIPE ended. */
    public static final int OUTPUT_CLOSED = 141;
    /** Terminated (SIGTERM): as {@link #INTERRUPTED}. */
    public static final int TERMINATED = 143;

    private ExitCode() {
    }
}
