package dev.fanout;

import java.util.Objects;

/**
 * A typed transport failure: the attempt ended without an HTTP response.
 *
 * @param kind        what went wrong
 * @param message     a one-line human-readable description (names the phase for timeouts)
 * @param requestSent whether any byte of the request may have reached the server; when {@code false}
 *                    a retry is safe even for a non-idempotent method
 */
public record Failure(FailureKind kind, String message, boolean requestSent) {

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** A failure that happened before anything was sent (connect, DNS, invalid input). */
    public static Failure beforeSend(FailureKind kind, String message) {
        return new Failure(kind, message, false);
    }

    /** Whether repeating the request cannot duplicate its effect on the server. */
    public boolean retrySafe() {
        return !requestSent;
    }
}
