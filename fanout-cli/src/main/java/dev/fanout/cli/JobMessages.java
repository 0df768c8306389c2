package dev.fanout.cli;

import dev.fanout.job.JobException;

/**
 * A job's problems in the words of {@code fanout get}'s command line: the job is {@code --job FILE}, adopting new
 * settings is {@code --force}, a crawl is {@code --follow}. Problems that name no option keep the library's words.
 */
final class JobMessages {
    private JobMessages() {
    }

    /** The message of a {@link JobException}, or of the one a {@link JobException.Unchecked} carries. */
    static String of(Exception e) {
        return of(e instanceof JobException.Unchecked u ? u.problem() : (JobException) e);
    }

    static String of(JobException e) {
        String job = "--job " + e.file();
        return switch (e.reason()) {
            case IN_USE -> job + " " + e.detail()
                    + ": a job runs in one process at a time; wait for that run to end, or stop it and run this again";
            case UNUSABLE -> job + ": " + e.detail();
            case OTHER_SETTINGS -> job + " belongs to another command: it was started as `" + e.detail()
                    + "`; run that command again to continue it, use another job file, or add --force to continue it with this one";
            case STARTED_AS_CRAWL -> job + " was started as a crawl (--follow) and cannot be continued without --follow: "
                    + "use another job file";
            case STARTED_AS_PLAIN_RUN -> job + " was started without --follow and cannot be continued as a crawl: "
                    + "use another job file";
            case INPUTS_CHANGED, OTHER -> e.getMessage();
        };
    }
}
