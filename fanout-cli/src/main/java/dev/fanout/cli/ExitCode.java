package dev.fanout.cli;

/** The process exit codes of {@code fanout}, as documented in the README. */
public final class ExitCode {
    /** Every input got an HTTP response (of any status). */
    public static final int OK = 0;
    /** At least one input ended without a response; its record names the failure. */
    public static final int SOME_FAILED = 1;
    /** The command line or an input was unusable; nothing was sent. */
    public static final int USAGE = 2;
    /** Reading input or writing output failed during the run, or an internal error. */
    public static final int IO_ERROR = 3;
    /** Interrupted (Ctrl-C); records of finished requests were flushed. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
