package dev.fanout.job;

import java.nio.file.Path;

/**
 * A job could not be used: its file is another process's or unusable, it was started with other settings or as
 * another kind of run, or the request source changed. The message is one line for the user, in the job's terms;
 * {@link #reason()}, {@link #file()} and {@link #detail()} let a caller that knows the user's terms (a command
 * line and its flags) say it in those instead.
 */
public class JobException extends Exception {
    /** What is wrong, and what {@link #detail()} then holds. */
    public enum Reason {
        /** Another process (or this one) has the job open; the detail says which ("is in use by process 42 (…)"). */
        IN_USE,
        /** The job file cannot be created, opened, read or written; the detail says what failed and why. */
        UNUSABLE,
        /** The job was started with other settings; the detail is those settings, as recorded. */
        OTHER_SETTINGS,
        /** The job was started as a crawl and is continued as a plain run; the detail is empty. */
        STARTED_AS_CRAWL,
        /** The job was started as a plain run and is continued as a crawl; the detail is empty. */
        STARTED_AS_PLAIN_RUN,
        /** The request source no longer gives the requests the job recorded; the detail says which and how. */
        INPUTS_CHANGED,
        /** Any other problem (raised by the caller's own code); the detail is the whole message. */
        OTHER
    }

    private final Reason reason;
    private final Path file;
    private final String detail;

    /** A problem of the caller's own, worded by it: {@link Reason#OTHER}. */
    public JobException(String message) {
        super(message);
        this.reason = Reason.OTHER;
        this.file = null;
        this.detail = message;
    }

    /** A problem with the job at {@code file}, worded from {@code reason} and {@code detail}. */
    public JobException(Reason reason, Path file, String detail) {
        super(message(reason, file, detail));
        this.reason = reason;
        this.file = file;
        this.detail = detail;
    }

    private static String message(Reason reason, Path file, String detail) {
        return switch (reason) {
            case IN_USE -> "the job " + file + " " + detail
                    + ": a job runs in one process at a time; wait for that run to end, or stop it and open the job again";
            case UNUSABLE -> "the job " + file + ": " + detail;
            case OTHER_SETTINGS -> "the job " + file + " was started with other settings (" + detail
                    + "): continue it with those, use another job file, or open it with force to adopt these";
            case STARTED_AS_CRAWL -> "the job " + file + " was started as a crawl and cannot be continued as a plain run: "
                    + "use another job file";
            case STARTED_AS_PLAIN_RUN -> "the job " + file + " was started as a plain run and cannot be continued as a crawl: "
                    + "use another job file";
            case INPUTS_CHANGED -> detail;
            case OTHER -> detail;
        };
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }

    /** The job file, or null for {@link Reason#OTHER}. */
    public Path file() {
        return file;
    }

    /** What {@link #reason()} says the detail is. */
    public String detail() {
        return detail;
    }

    /** The same, where a checked exception cannot be thrown (from an iterator the client reads). */
    public static final class Unchecked extends RuntimeException {
        private final JobException problem;

        /** {@code problem}, unchecked; its message is this one's. */
        public Unchecked(JobException problem) {
            super(problem.getMessage(), problem);
            this.problem = problem;
        }

        /** A problem of the caller's own, worded by it. */
        public Unchecked(String message) {
            this(new JobException(message));
        }

        /** The checked exception, with its reason. */
        public JobException problem() {
            return problem;
        }
    }
}
