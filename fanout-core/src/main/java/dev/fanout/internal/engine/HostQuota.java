package dev.fanout.internal.engine;

import dev.fanout.Outcome;
import dev.fanout.limit.QuotaFields;
import dev.fanout.retry.RetryAfter;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What one origin says about its own quota, and the pace that follows from it. Two ways:
 * <ul>
 *   <li><b>Quota fields</b> ({@link QuotaFields}): the remainder is spread evenly over the time left until the
 *       reset — the lowest remainder answered in the window, minus the requests in flight, which the server
 *       may not have counted yet — and nothing starts
 *       past a known-zero remainder until the reset; an over-quota answer sets the remainder to zero until its
 *       {@code Retry-After} (which wins) or reset.</li>
 *   <li><b>A learned rate</b>, for a host that answers 429 without such fields: at the first refusal, 90% of the
 *       rate its answers came at until then (counting answers still arriving to requests sent before it); cut by 30% on a refusal of a request started after the last cut (one burst is one signal),
 *       regrown by 20/s per second's worth of answers up to 90% of the rate last refused, then by 2/s (AIMD on the rate, beside {@code AimdLimiter} on
 *       concurrency). After a {@code Retry-After} pause the waiting requests then start at that rate rather
 *       than all at once.</li>
 * </ul>
 * Guarded by the dispatcher's lock; time is passed in (nanoseconds, as {@link System#nanoTime()}).
 */
final class HostQuota {
    private static final long SECOND = 1_000_000_000L;
    private static final double CUT = 0.7;
    private static final long SLACK = 20_000_000L;
    /** Regrowth per second's worth of answers: quick back towards the rate last refused, slow beyond it. */
    private static final double GROWTH = 20;
    private static final double PROBE = 2;
    private static final double MIN_RATE = 0.5;

    // what the fields said
    private String convention;
    private long limit = -1;
    private long windowNanos = -1;
    /** Requests the window still allows, counting starts since; -1 while unknown. */
    private long remaining = -1;
    private long resetAt;
    private boolean resetKnown;
    private long nextStartAt;

    // the learned rate
    private double rate;
    /** The rate the host last refused (what the quota seemed to be). */
    private double ceiling;
    private double lowestRate;
    private long lastCut;
    private long cuts;
    private long nextTokenAt;
    private long firstAnswerAt = -1;
    private long answers;
    /** When the rate was first set, and the good answers to requests started before then. */
    private long firstCutAt;
    private long answersBeforeFirstCut;

    private long overQuota;
    /** The lowest remainder an answer gave in the current window: the server's latest count. */
    private long lowestRemainder = -1;

    /**
     * The earliest time the next request may start (≤ now: at once). {@code waiting} requests are queued for
     * the host: when the remainder covers them all there is nothing to spread out.
     */
    long resumeAt(long now, int waiting) {
        long at = now;
        if (remaining == 0) {
            if (resetKnown && resetAt - now > 0) {
                return resetAt;
            }
            newWindow(now);
        }
        if (remaining > 0 && waiting > remaining && resetKnown && nextStartAt - at > 0) {
            at = nextStartAt;
        }
        if (rate > 0 && nextTokenAt - at > 0) {
            at = nextTokenAt;
        }
        return at;
    }

    /** The window has reset: a full quota when its size is known, else unknown until the next answer says. */
    private void newWindow(long now) {
        remaining = limit > 0 ? limit : -1;
        lowestRemainder = -1;
        if (resetKnown && windowNanos > 0) {
            while (resetAt - now <= 0) {
                resetAt += windowNanos;
            }
        } else {
            resetKnown = false;
        }
    }

    /** A request starts now. */
    void started(long now) {
        if (remaining > 0) {
            if (resetKnown && resetAt - now > 0) {
                nextStartAt = now + (resetAt - now) / remaining;
            }
            remaining--;
        }
        if (rate > 0) {
            // spaced from when the last start was due, not from when the timer woke it: a late wake-up does not
            // slow the pace, and at most SLACK of lateness is made up with starts back to back
            nextTokenAt = Math.max(nextTokenAt, now - SLACK) + (long) (SECOND / rate);
        }
    }

    /**
     * Learns from an answer.
     *
     * @param others requests to this origin still in flight besides this one: the server may not have counted
     *               them yet
     * @return whether the answer says the quota is spent (it is then worth waiting and trying again)
     */
    boolean answered(Outcome attempt, int others, long now) {
        if (!attempt.hasResponse()) {
            return false;
        }
        if (firstAnswerAt < 0) {
            firstAnswerAt = now;
        }
        QuotaFields fields = QuotaFields.of(attempt.headers(), System.currentTimeMillis());
        boolean over = QuotaFields.overQuota(attempt.status(), fields);
        Optional<Duration> retryAfter = over ? RetryAfter.parse(attempt.headers().get("retry-after"), Instant.now()) : Optional.empty();
        if (fields != null) {
            learnFields(fields, others, now);
        }
        if (!over) {
            answers++;
            if (rate > 0 && cuts == 1 && now - attempt.elapsedNanos() - firstCutAt < 0) {
                // answered now but sent before the first refusal: the first window allowed at least this much
                answersBeforeFirstCut++;
                rate = Math.max(rate, firstRate());
                ceiling = rate;
            } else if (rate > 0) {
                rate += (rate < 0.9 * ceiling ? GROWTH : PROBE) / rate;
            }
            return false;
        }
        overQuota++;
        if (fields != null || retryAfter.isPresent() && convention != null) {
            remaining = 0;
            if (retryAfter.isPresent()) {
                resetAt = now + retryAfter.get().toNanos();
                resetKnown = true;
            }
            if (!resetKnown) {
                resetAt = now + SECOND;
                resetKnown = true;
            }
            return true;
        }
        cut(now, now - attempt.elapsedNanos());
        return true;
    }

    private void learnFields(QuotaFields f, int others, long now) {
        convention = f.convention();
        if (f.limit() > 0) {
            limit = f.limit();
        }
        if (f.windowNanos() > 0) {
            windowNanos = f.windowNanos();
        }
        if (f.resetNanos() >= 0) {
            long at = now + f.resetNanos();
            // once the reset has passed, answers tell of a new window; before, of the same one, whose answers
            // come in any order: the lowest remainder is the server's latest count, and the earliest reset the
            // closest to the true one (servers round it up to whole seconds)
            if (!resetKnown || resetAt - now <= 0 || lowestRemainder < 0) {
                lowestRemainder = f.remaining();
                resetAt = at;
            } else if (at - resetAt < 0) {
                resetAt = at;
            }
            resetKnown = true;
        }
        lowestRemainder = lowestRemainder < 0 ? f.remaining() : Math.min(lowestRemainder, f.remaining());
        // what is in flight may not be counted yet; as it is answered, the estimate comes back up
        remaining = lowestRemainder == 0 ? 0 : Math.max(0, lowestRemainder - others);
    }

    /** Cuts the rate, unless the refused request started before the last cut: that refusal is old news. */
    private void cut(long now, long startedAt) {
        if (rate > 0 && startedAt - lastCut < 0) {
            return;
        }
        if (rate <= 0) {
            firstCutAt = now;
            answersBeforeFirstCut = answers;
            rate = firstRate();
            ceiling = rate;
        } else {
            ceiling = rate;
            rate = Math.max(MIN_RATE, rate * CUT);
        }
        lowestRate = lowestRate == 0 ? rate : Math.min(lowestRate, rate);
        lastCut = now;
        cuts++;
        nextTokenAt = Math.max(nextTokenAt, now);
    }

    /** 90% of the rate the host answered at until its first refusal (over one second at least). */
    private double firstRate() {
        double seconds = Math.max(1.0, (firstCutAt - firstAnswerAt) / 1e9);
        return Math.max(MIN_RATE, 0.9 * answersBeforeFirstCut / seconds);
    }

    /** Whether anything was learned (the host must then not be forgotten). */
    boolean learned() {
        return convention != null || rate > 0;
    }

    /** What was learned, for the summary; null when nothing was. */
    String describe() {
        if (!learned()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (convention != null) {
            sb.append("paced by its ").append(convention).append(" fields");
            if (limit > 0) {
                sb.append(", ").append(limit).append(" requests");
                if (windowNanos > 0) {
                    sb.append(" per ").append(windowNanos / SECOND).append(" s");
                }
            }
        } else {
            sb.append(String.format(Locale.ROOT, "429s without rate fields: learned %.0f req/s (lowest %.0f, %d %s)",
                    rate, lowestRate, cuts, cuts == 1 ? "cut" : "cuts"));
        }
        sb.append("; ").append(overQuota).append(overQuota == 1 ? " over-quota answer" : " over-quota answers").append(" waited out");
        return sb.toString();
    }
}
