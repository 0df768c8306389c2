package dev.fanout.job;

/** A job file could not be used: unreadable, another command's, inputs changed. The message is one line for the user. */
public class JobException extends Exception {
    public JobException(String message) {
        super(message);
    }

    /** The same, where a checked exception cannot be thrown (from an iterator the client reads). */
    public static final class Unchecked extends RuntimeException {
        public Unchecked(String message) {
            super(message);
        }
    }
}
