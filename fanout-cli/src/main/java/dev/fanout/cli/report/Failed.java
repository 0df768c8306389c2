package dev.fanout.cli.report;

import dev.fanout.job.Job;

import java.util.Map;

/**
 * The one meaning of "failed" that the summary, a job's line and {@code fanout report} share, and that exit code 1
 * follows: an input failed when it got no HTTP response (its record's {@code error} says why). A 429 or 5xx is a
 * response — counted under its status, never as failed — but {@code --retry-failed} runs those again as well
 * ({@link Job#isErrorStatus}), and the summary says how many there are.
 */
public final class Failed {
    private Failed() {
    }

    /** Responses whose status is 429 or 5xx. */
    public static long errorStatuses(Map<Integer, ? extends Number> statusCounts) {
        long n = 0;
        for (Map.Entry<Integer, ? extends Number> e : statusCounts.entrySet()) {
            if (Job.isErrorStatus(e.getKey())) {
                n += e.getValue().longValue();
            }
        }
        return n;
    }

    /** The line under the status counts when some responses are 429 or 5xx, else null. */
    public static String errorStatusLine(Map<Integer, ? extends Number> statusCounts) {
        long n = errorStatuses(statusCounts);
        return n == 0 ? null : "  429 or 5xx: " + Fmt.count(n) + " (responses, not failed; with --job, --retry-failed runs them again)";
    }

    /** A job's line after the summary: what was done, and what --retry-failed would run again and why. */
    public static String jobLine(String jobFile, Job job, long doneBefore, long doneNow, boolean crawl) {
        String what = crawl ? " requests" : " inputs";
        long again = job.failedCount();
        long failed = job.noResponseCount();
        String tail = again == 0 ? "none to run again"
                : Fmt.count(again) + " to run again with --retry-failed (" + Fmt.count(failed) + " failed, "
                  + Fmt.count(again - failed) + " answered 429 or 5xx)";
        return "  job " + jobFile + ": " + Fmt.count(doneBefore) + what + " were done before this run, " + Fmt.count(doneNow)
                + " now; " + tail;
    }
}
