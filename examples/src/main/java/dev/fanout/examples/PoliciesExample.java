package dev.fanout.examples;

import dev.fanout.AdaptiveLimit;
import dev.fanout.Backoff;
import dev.fanout.ClientStats;
import dev.fanout.Outcome;
import dev.fanout.RateLimit;
import dev.fanout.Request;
import dev.fanout.RetryPolicy;
import dev.fanout.client.Fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/** Resilience policies as values: on the builder, and asked on their own without any network. */
public final class PoliciesExample {
    private PoliciesExample() {
    }

    /** The client of the README, with its policies; fetches {@code base + "/items/1"} and returns the stats. */
    public static ClientStats run(String base) {
        // region policies
        Fanout fanout = Fanout.builder()
                .retry(RetryPolicy.DEFAULT.withMaxRetries(5).withRetryOn("429,5xx,reset,timeout")
                        .withBackoff(Backoff.startingAt(Duration.ofMillis(500))).withMaxRetryWait(Duration.ofSeconds(30)))
                .rate(RateLimit.parse("50/s")).ratePerHost(RateLimit.perSecond(10).withBurst(5))
                .adaptive(AdaptiveLimit.DEFAULT)
                .firstByteTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                .deadHostAfter(10)
                .build();
        // endregion
        try (fanout) {
            Outcome outcome = fanout.fetch(Request.get(base + "/items/1")).join();
            System.out.println(outcome.status() + " after " + outcome.attempts() + " attempts");
            return fanout.stats();
        }
    }

    /** The retry policy asked on its own: how long it would wait before retrying this outcome. */
    public static long waitNanos(Outcome outcome) {
        // region policy-value
        long wait = RetryPolicy.DEFAULT.delayNanos(outcome, 1, Instant.now(), new SplittableRandom(1)); // no network
        // endregion
        return wait;
    }

    public static void main(String[] args) {
        System.out.println(run(args.length > 0 ? args[0] : "http://127.0.0.1:8080"));
    }
}
