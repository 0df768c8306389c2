package dev.fanout;


import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * When a finished attempt is tried again, and after how long. An immutable value: the client asks it after
 * every attempt; it keeps no state, so it can be tested with a fixed clock and random source.
 *
 * <p>An attempt is retried when fewer than {@code maxRetries} retries were made and either its response
 * status is in {@code statuses} or it failed with a kind in {@code failures}. A request whose method is not
 * idempotent (POST, PATCH) is retried only when nothing of it can have reached the server
 * ({@link dev.fanout.Failure#requestSent()} is false), unless {@code retryUnsafe} is set.
 *
 * <p>The wait is the backoff's, or, when the response carries a valid {@code Retry-After}, what the server
 * asked for; either way at most {@code maxRetryWait}.
 *
 * @param maxRetries   retries after the first attempt (0 turns retrying off)
 * @param statuses     response statuses worth another attempt
 * @param failures     failure kinds worth another attempt
 * @param retryUnsafe  also retry non-idempotent requests that may have reached the server
 * @param backoff      waits between attempts when the server does not say
 * @param maxRetryWait the longest wait before a retry, {@code Retry-After} included
 */
public record RetryPolicy(int maxRetries, Set<Integer> statuses, Set<FailureKind> failures, boolean retryUnsafe,
                          Backoff backoff, Duration maxRetryWait) {

    /** 429, 502, 503 and 504. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.of(429, 502, 503, 504);
    /**
     * Failures that are usually transient: connect, timeout, reset, protocol (a broken response), local_limit
     * (no socket could be opened here, for now) and proxy (the proxy's refusal: nothing reached the target, and
     * another proxy of a list may take the retry).
     */
    public static final Set<FailureKind> DEFAULT_FAILURES = Set.copyOf(EnumSet.of(FailureKind.CONNECT, FailureKind.TIMEOUT,
            FailureKind.RESET, FailureKind.PROTOCOL, FailureKind.LOCAL_LIMIT, FailureKind.PROXY));
    /** Three retries on the default statuses and failures, default backoff, waits of at most 60 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, DEFAULT_STATUSES, DEFAULT_FAILURES, false, Backoff.DEFAULT, Duration.ofSeconds(60));
    /** Never retries. */
    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    /** Returned by {@link #delayNanos} when the attempt is final. */
    public static final long NO_RETRY = -1;

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        statuses = Set.copyOf(statuses);
        failures = Set.copyOf(failures);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        if (maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("maxRetryWait must not be negative");
        }
    }

    public RetryPolicy withMaxRetries(int n) {
        return new RetryPolicy(n, statuses, failures, retryUnsafe, backoff, maxRetryWait);
    }

    /** Retry on exactly these statuses and failure kinds. */
    public RetryPolicy withRetryOn(Set<Integer> statuses, Set<FailureKind> failures) {
        return new RetryPolicy(maxRetries, statuses, failures, retryUnsafe, backoff, maxRetryWait);
    }

    public RetryPolicy withRetryUnsafe(boolean unsafe) {
        return new RetryPolicy(maxRetries, statuses, failures, unsafe, backoff, maxRetryWait);
    }

    public RetryPolicy withBackoff(Backoff b) {
        return new RetryPolicy(maxRetries, statuses, failures, retryUnsafe, b, maxRetryWait);
    }

    public RetryPolicy withMaxRetryWait(Duration d) {
        return new RetryPolicy(maxRetries, statuses, failures, retryUnsafe, backoff, d);
    }

    /**
     * Whether the attempt that ended as {@code attempt} should be tried again, and if so after how long.
     *
     * @param attempt      how the attempt ended
     * @param attemptsMade attempts made so far for this request, the one just ended included (≥ 1)
     * @param now          the wall-clock time, for a {@code Retry-After} date
     * @param random       the jitter source
     * @return the wait in nanoseconds, or {@link #NO_RETRY}
     */
    public long delayNanos(Outcome attempt, int attemptsMade, Instant now, RandomGenerator random) {
        if (attemptsMade > maxRetries || !retryable(attempt)) {
            return NO_RETRY;
        }
        long wait = backoff.delayNanos(attemptsMade, random);
        if (attempt.hasResponse()) {
            Optional<Duration> asked = RetryAfter.parse(attempt.headers().get("retry-after"), now);
            if (asked.isPresent()) {
                wait = asked.get().toNanos();
            }
        }
        return Math.min(wait, maxRetryWait.toNanos());
    }

    /** Whether the attempt's result is one this policy retries (ignoring the budget). */
    public boolean retryable(Outcome attempt) {
        boolean idempotent = attempt.request().idempotent();
        if (attempt.hasResponse()) {
            return statuses.contains(attempt.status()) && (idempotent || retryUnsafe);
        }
        return failures.contains(attempt.failure().kind())
                && (idempotent || retryUnsafe || !attempt.failure().requestSent());
    }

    /**
     * The short name of why an attempt was retried, used to count retries by reason: the status code
     * ({@code "503"}) or the failure kind ({@code "reset"}).
     */
    public static String reason(Outcome attempt) {
        return attempt.hasResponse() ? Integer.toString(attempt.status()) : attempt.failure().kind().wireName();
    }

    /**
     * Parses a {@code --retry-on} list: status codes ({@code 503}), classes ({@code 5xx}) and failure kinds
     * ({@code reset}, {@code timeout}…), comma-separated. Returns this policy retrying on exactly those.
     *
     * @throws IllegalArgumentException naming the item that is neither
     */
    public RetryPolicy withRetryOn(String list) {
        Set<Integer> codes = new TreeSet<>();
        Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
        for (String raw : list.split(",")) {
            String item = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (item.matches("[1-5]xx")) {
                int base = (item.charAt(0) - '0') * 100;
                for (int c = base; c < base + 100; c++) {
                    codes.add(c);
                }
            } else if (item.matches("\\d{3}") && Integer.parseInt(item) >= 100 && Integer.parseInt(item) <= 599) {
                codes.add(Integer.parseInt(item));
            } else {
                kinds.add(kindNamed(item));
            }
        }
        return withRetryOn(codes, kinds);
    }

    private static FailureKind kindNamed(String name) {
        for (FailureKind k : FailureKind.values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is neither a status (429, 5xx) nor a failure kind "
                + "(connect, dns, timeout, reset, tls, protocol, too_large, proxy)");
    }
}
