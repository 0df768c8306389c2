package dev.fanout.internal.engine;

import dev.fanout.Outcome;
import dev.fanout.QuotaFields;
import dev.fanout.RetryAfter;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one origin says about its own quota, and the pace that follows from it. Two ways:
 * <ul>
 *   <li><b>Quota fields</b> ({@link QuotaFields}): the remainder is spread evenly over the time left until the
 *       reset — the lowest remainder answered in the window, minus the requests in flight, which the server
 *       may not have counted yet — and nothing starts
 *       past a known-zero remainder until the reset; an over-quota answer sets the remainder to zero until its
 *       {@code Retry-After} (which wins) or reset.</li>
 *   <li><b>A learned rate</b>, for a host that answers 429 without such fields ({@link LearnedRate}).</li>
 * </ul>
 * Guarded by the dispatcher's lock; time is passed in (nanoseconds, as {@link System#nanoTime()}).
 */
final class HostQuota {
    private static final long SECOND = 1_000_000_000L;

    // what the fields said
    private String convention;
    private long limit = -1;
    private long windowNanos = -1;
    /** Requests the window still allows, counting starts since; -1 while unknown. */
    private long remaining = -1;
    private long resetAt;
    private boolean resetKnown;
    private long nextStartAt;

    private final LearnedRate learned = new LearnedRate();

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
        return learned.resumeAt(at);
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
        learned.started(now);
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
        QuotaFields fields = QuotaFields.of(attempt.headers(), System.currentTimeMillis());
        boolean over = QuotaFields.overQuota(attempt.status(), fields);
        Optional<Duration> retryAfter = over ? RetryAfter.parse(attempt.headers().get("retry-after"), Instant.now()) : Optional.empty();
        if (fields != null) {
            learnFields(fields, others, now);
        }
        long startedAt = now - attempt.elapsedNanos();
        if (!over) {
            learned.accepted(startedAt, now);
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
        learned.refused(startedAt, retryAfter.map(Duration::toNanos).orElse(-1L), now);
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

    /** Whether anything was learned (the host must then not be forgotten). */
    boolean learned() {
        return convention != null || learned.learned();
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
            sb.append("429s without rate fields: ").append(learned.describe());
        }
        sb.append("; ").append(overQuota).append(overQuota == 1 ? " over-quota answer" : " over-quota answers").append(" waited out");
        return sb.toString();
    }
}
