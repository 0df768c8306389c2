package dev.fanout.internal.engine;

import java.util.Locale;

/**
 * The start rate of a host that answers 429 without quota fields, learned from its answers: AIMD on the rate,
 * beside {@code AimdLimiter} on concurrency. Nothing is paced until the first refusal; from then on starts are
 * spaced at the rate, so that the requests released after a {@code Retry-After} pause start at it instead of
 * all at once, and do not bring on the next pause. Every refusal costs such a pause of the whole host, so the
 * rate stays a little under what the host is seen to allow and probes for more only slowly.
 * <ul>
 *   <li><b>The first refusal</b> ends a measurement: the host let through {@code A} requests answered in the
 *       {@code s} before it (and answers to requests sent before it that arrive later, the span growing with
 *       them), and the window that refused resets within the refusal's {@code Retry-After} {@code W} (1 s when
 *       it gives none). The quota then allows about {@code A / (s + W)} a second — nearly all of it when the
 *       requests came in a burst, less when they reached into two windows — and at most about
 *       {@code A / max(s, W)}. The rate starts at the first, never above 95% of the second (room for the jitter
 *       of arrivals at a window's edge), and grows by 10% a second up to that 95%.</li>
 *   <li><b>Beyond it</b>, 0.2% a second.</li>
 *   <li><b>A later refusal</b>, of a request sent after the last cut (one overshoot is one signal), cuts the rate
 *       to 85% of the rate refused. A rate that had run for two windows, growing only slowly, was too much by
 *       little (or by chance: jitter at a window's edge), and the rate grows back by 10% a second to 95% of it;
 *       one that had not (it grew quickly, or a cut left it still too much) may have been too much by more than
 *       the cut, and the rate grows only slowly. A refusal within a window of the pause's end counts what that
 *       window let through: at most what was let through since the pause, which bounds a first estimate that
 *       counted two windows.</li>
 * </ul>
 * With fewer than 10 requests let through before the first refusal (a strict limiter, or a tiny quota) there is
 * no bound above: the rate doubles every 0.7 s until a refusal. A first refusal with nothing let through before
 * it (the quota was spent before this run began) teaches no rate: the requests after the pause measure again,
 * and only a second such refusal starts the rate at its slowest.
 *
 * <p>Guarded by the dispatcher's lock; time is passed in (nanoseconds, as {@link System#nanoTime()}). Nothing
 * is allocated after construction.
 */
final class LearnedRate {
    private static final long SECOND = 1_000_000_000L;
    /** Lateness of a start made up with starts back to back: a late timer does not slow the pace. */
    private static final long SLACK = 20_000_000L;
    private static final double MARGIN = 0.95;
    private static final double CUT = 0.85;
    /** Growth per answer let through, that is the rate's growth per second as a share of it. */
    private static final double BLIND = 1.0;
    private static final double QUICK = 0.1;
    private static final double SLOW = 0.002;
    /** Fewer answers let through than this say nothing about a window. */
    private static final int FEW = 10;
    private static final double MIN_RATE = 0.5;

    /** Starts per second; 0 while nothing is learned (no pacing). */
    private double rate;
    /** Quick growth up to here, slow beyond. */
    private double target = Double.POSITIVE_INFINITY;
    private double lowest;
    private long cuts;
    private long nextStartAt;
    private long lastCut;
    /** The last cut ended a first measurement: late answers to requests sent before it still count in it. */
    private boolean measuring;
    /** The first measurement saw a burst let through: the host counts requests per window. */
    private boolean windowed;
    private long lastQuickGrowth;
    private boolean grewQuickly;

    /** Since the first start after the last cut (-1: none yet): starts, and answers let through. */
    private long epochStart = -1;
    private boolean epochFresh;
    private long epochAccepted;
    private long epochFirstAnswer;

    /** The first measurement: answers let through, from when to when, and the window it assumes. */
    private long firstAccepted;
    private long firstAnswer;
    private long firstSpan;
    private long firstWindow;

    /** Whether starts are paced. */
    boolean learned() {
        return rate > 0;
    }

    /** The earliest time at or after {@code at} the next start may happen. */
    long resumeAt(long at) {
        return rate > 0 && nextStartAt - at > 0 ? nextStartAt : at;
    }

    /** A request starts now. */
    void started(long now) {
        if (epochStart < 0) {
            epochStart = now;
            epochFresh = true;
        }
        if (rate > 0) {
            // spaced from when it was due, not from when the timer woke it; the first after a cut (and its
            // pause), from now
            nextStartAt = (epochFresh ? now : Math.max(nextStartAt, now - SLACK)) + (long) (SECOND / rate);
            epochFresh = false;
        }
    }

    /** A request sent at {@code sentAt} was answered now, and not refused. */
    void accepted(long sentAt, long now) {
        if (cuts > 0 && sentAt - lastCut < 0) {
            if (measuring && epochAccepted == 0) {
                firstAccepted++;
                firstSpan = now - firstAnswer;
                estimate();
            }
            return;
        }
        if (epochAccepted++ == 0) {
            epochFirstAnswer = now;
        }
        if (rate == 0) {
            return;
        }
        if (rate >= target) {
            rate += SLOW;
        } else {
            rate += target == Double.POSITIVE_INFINITY ? BLIND : QUICK;
            lastQuickGrowth = now;
            grewQuickly = true;
        }
    }

    /**
     * A request sent at {@code sentAt} was refused now.
     *
     * @param retryAfterNanos the refusal's {@code Retry-After}, or -1 when it gave none
     */
    void refused(long sentAt, long retryAfterNanos, long now) {
        if (cuts > 0 && sentAt - lastCut < 0 || epochStart < 0) {
            return; // sent before the last cut: old news
        }
        long window = retryAfterNanos > 0 ? retryAfterNanos : SECOND;
        cuts++;
        measuring = rate == 0;
        if (measuring) {
            firstAccepted = epochAccepted;
            firstAnswer = epochAccepted == 0 ? now : epochFirstAnswer;
            firstSpan = now - firstAnswer;
            firstWindow = window;
            if (firstAccepted > 0 || cuts > 1) {
                estimate();
            }
        } else {
            cutAfterPacing(window, now);
        }
        lastCut = now;
        epochStart = -1;
        epochAccepted = 0;
        nextStartAt = Math.max(nextStartAt, now);
    }

    private void cutAfterPacing(long window, long now) {
        double refused = rate;
        boolean counted = windowed && epochAccepted >= FEW && now - epochStart <= window;
        if (counted) {
            // the pause ended after the window reset, so the window that refused let through at most what was
            // let through since
            refused = Math.min(rate, epochAccepted * (double) SECOND / window);
        }
        // a rate that ran for two windows (growing only slowly) was refused by little, or by chance: quickly back
        // to just below it. One that did not (it grew quickly, or was cut to it and still too much) may have been
        // too much by more than the cut: no quick regrowth.
        boolean proven = now - epochStart >= 2 * window && !(grewQuickly && now - lastQuickGrowth < 2 * window);
        rate = Math.max(MIN_RATE, CUT * refused);
        target = proven || counted ? MARGIN * refused : rate;
        lowest = Math.min(lowest, rate);
    }

    /** The first measurement's rate and bound, refined as late answers come. */
    private void estimate() {
        windowed = firstAccepted >= FEW;
        target = windowed ? MARGIN * firstAccepted * SECOND / Math.max(firstSpan, firstWindow) : Double.POSITIVE_INFINITY;
        rate = Math.max(MIN_RATE, Math.min(firstAccepted * (double) SECOND / (firstSpan + firstWindow), target));
        lowest = rate;
    }

    /** What was learned, for the summary. */
    String describe() {
        return String.format(Locale.ROOT, "learned %.0f req/s (lowest %.0f, %d %s)", rate, lowest, cuts,
                cuts == 1 ? "cut" : "cuts");
    }
}
