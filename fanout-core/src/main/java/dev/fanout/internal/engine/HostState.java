package dev.fanout.internal.engine;

import dev.fanout.internal.limit.AimdLimiter;
import dev.fanout.internal.limit.TokenBucket;

import java.util.ArrayDeque;

/**
 * What the dispatcher knows about one origin: calls waiting for it, calls running, its rate bucket and
 * adaptive limit, whether it asked for a pause, and whether it was given up. Guarded by the dispatcher's lock.
 */
final class HostState {
    final String key;
    final ArrayDeque<Call> waiting = new ArrayDeque<>();
    final TokenBucket bucket;
    final AimdLimiter limiter;
    /** What the host says about its quota (null when rate fields are ignored). */
    final HostQuota quota;
    int running;
    /** In the dispatcher's ready queue. */
    boolean inReady;
    /** Waiting for {@link #resumeAtNanos} (a rate token or a Retry-After pause); not in the ready queue. */
    boolean parked;
    long resumeAtNanos;
    /** Its next call waits for a proxy with room; not in the ready queue. */
    boolean waitingForProxy;
    /** A Retry-After from this host holds its requests back until then. */
    long pausedUntilNanos;
    boolean pauseActive;
    int connectFailuresInARow;
    /** Set when the host was given up: the message every remaining call of it fails with. */
    String unreachable;

    HostState(String key, TokenBucket bucket, AimdLimiter limiter, HostQuota quota) {
        this.key = key;
        this.bucket = bucket;
        this.limiter = limiter;
        this.quota = quota;
    }

    int limit(int maxPerHost) {
        return limiter == null ? maxPerHost : Math.min(maxPerHost, limiter.limit());
    }

    /** Whether forgetting this host would lose nothing. */
    boolean forgettable(long nowNanos) {
        return running == 0 && waiting.isEmpty() && !parked && !waitingForProxy && unreachable == null && limiter == null
                && connectFailuresInARow == 0 && !(pauseActive && pausedUntilNanos - nowNanos > 0)
                && (bucket == null || bucket.isFull(nowNanos)) && (quota == null || !quota.learned());
    }
}
