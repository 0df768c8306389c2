package dev.fanout;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link Fanout} client, fixed when it is built. Create through {@link Fanout#builder()}.
 *
 * @param concurrency    requests in flight at once, over all hosts
 * @param perHost        requests in flight at once to one origin (scheme, host and port)
 * @param connectTimeout limit on establishing a connection (TCP and TLS)
 * @param timeout        limit on one attempt, from its start to the last body byte
 * @param defaultHeaders headers sent with every request unless the request sets the same name
 * @param keepBodies     whether outcomes carry response bodies and headers; when false only body sizes are
 *                       counted (a bulk run that records statuses saves the copying)
 * @param maxBodyBytes   a body larger than this ends the attempt as {@link FailureKind#TOO_LARGE}
 * @param ioThreads      event-loop threads; 0 picks one per available core, at most 4
 * @param streamBuffer   outcomes a stream may hold beyond those in flight (completed but not yet consumed,
 *                       or waiting for an earlier one in an ordered stream); bounds a stream's memory
 */
public record FanoutConfig(int concurrency, int perHost, Duration connectTimeout, Duration timeout,
                           Headers defaultHeaders, boolean keepBodies, long maxBodyBytes, int ioThreads,
                           int streamBuffer) {

    public FanoutConfig {
        positive(concurrency, "concurrency");
        positive(perHost, "perHost");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(streamBuffer, "streamBuffer");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0, got " + ioThreads);
        }
        positive(Objects.requireNonNull(connectTimeout, "connectTimeout").toMillis(), "connectTimeout");
        positive(Objects.requireNonNull(timeout, "timeout").toMillis(), "timeout");
        Objects.requireNonNull(defaultHeaders, "defaultHeaders");
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
