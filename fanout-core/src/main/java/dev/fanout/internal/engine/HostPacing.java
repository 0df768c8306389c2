package dev.fanout.internal.engine;

import dev.fanout.FailureKind;
import dev.fanout.FanoutConfig;
import dev.fanout.Outcome;
import dev.fanout.RetryAfter;
import dev.fanout.internal.limit.AimdLimiter;
import dev.fanout.internal.limit.TokenBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The per-origin pacing rules of the {@link Dispatcher}: what a new {@link HostState} starts with (rate
 * bucket, adaptive limit, quota), what each ended attempt teaches it (adaptive limit, quota, Retry-After
 * pause, connection failures in a row, given up), and when the origin may start its next call.
 *
 * <p>Owns nothing but the configuration; the {@link HostState}s it reads and writes are the dispatcher's.
 * Every method runs under the dispatcher's lock, on whichever thread holds it (producer, timer or I/O
 * thread). One per dispatcher; nothing is allocated per call.
 */
final class HostPacing {
    private final FanoutConfig config;

    HostPacing(FanoutConfig config) {
        this.config = config;
    }

    HostState newHost(String key, long now) {
        TokenBucket bucket = config.ratePerHost() == null ? null : new TokenBucket(config.ratePerHost(), now);
        AimdLimiter limiter = config.adaptive() == null ? null : new AimdLimiter(config.adaptive());
        return new HostState(key, bucket, limiter, config.rateHeaders() ? new HostQuota() : null);
    }

    /** Learns from an ended attempt; fails the host's waiting calls into {@code batch} when it is given up. */
    void learn(HostState host, Outcome attempt, long now, DispatchBatch batch) {
        if (host.limiter != null) {
            host.limiter.onSample(attempt.elapsedNanos(), pushBack(attempt), host.running, now);
        }
        if (attempt.hasResponse()) {
            if (host.quota != null) {
                host.quota.answered(attempt, host.running - 1, now);
            }
            host.connectFailuresInARow = 0;
            pauseFor(host, attempt, now);
            return;
        }
        FailureKind kind = attempt.failure().kind();
        boolean connectFailure = !attempt.failure().requestSent()
                && (kind == FailureKind.CONNECT || kind == FailureKind.DNS || kind == FailureKind.TIMEOUT);
        if (!connectFailure) {
            host.connectFailuresInARow = 0;
            return;
        }
        host.connectFailuresInARow++;
        int limit = config.deadHostAfter();
        if (limit > 0 && host.connectFailuresInARow >= limit && host.unreachable == null) {
            host.unreachable = "host " + host.key + " given up after " + limit
                    + " connection failures in a row (last: " + attempt.failure().message() + ")";
            for (Call waiting : host.waiting) {
                batch.fail(waiting, FailureKind.HOST_UNREACHABLE, host.unreachable);
            }
            host.waiting.clear();
        }
    }

    /** A 429 or 503 with Retry-After holds back every request to the host, not just the one retried. */
    private void pauseFor(HostState host, Outcome attempt, long now) {
        int s = attempt.status();
        if ((s != 429 && s != 503) || !config.retry().statuses().contains(s) || config.retry().maxRetries() == 0) {
            return;
        }
        Optional<Duration> asked = RetryAfter.parse(attempt.headers().get("retry-after"), Instant.now());
        if (asked.isEmpty()) {
            return;
        }
        long wait = Math.min(asked.get().toNanos(), config.retry().maxRetryWait().toNanos());
        long until = now + wait;
        if (!host.pauseActive || until - host.pausedUntilNanos > 0) {
            host.pausedUntilNanos = until;
            host.pauseActive = true;
        }
    }

    private static boolean pushBack(Outcome attempt) {
        if (attempt.hasResponse()) {
            int s = attempt.status();
            return s == 429 || s == 503 || s == 504;
        }
        FailureKind k = attempt.failure().kind();
        return k == FailureKind.TIMEOUT || k == FailureKind.RESET;
    }

    /** When the host may start its next call: now, the end of its pause, or when its bucket has a token. */
    static long resumeAt(HostState host, long now) {
        long at = now;
        if (host.pauseActive) {
            if (host.pausedUntilNanos - now > 0) {
                at = host.pausedUntilNanos;
            } else {
                host.pauseActive = false;
            }
        }
        if (host.bucket != null && at == now) {
            at = now + host.bucket.waitNanos(now);
        }
        if (host.quota != null && at == now) {
            at = host.quota.resumeAt(now, host.waiting.size());
        }
        return at;
    }
}
