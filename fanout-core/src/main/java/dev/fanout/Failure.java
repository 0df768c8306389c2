package dev.fanout;

import java.nio.file.Path;
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
    private static final String CANNOT_SAVE = "cannot save the body in ";

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** A failure that happened before anything was sent (connect, DNS, invalid input). */
    public static Failure beforeSend(FailureKind kind, String message) {
        return new Failure(kind, message, false);
    }

    /**
     * The failure of a response whose body could not be written to the directory given to
     * {@link dev.fanout.client.Fanout.Builder#saveBodiesTo} as it arrived: this machine's disk, not the server ({@link #isSaveFailure()}).
     *
     * @param reason why, in the system's words ("No space left on device")
     */
    public static Failure cannotSave(Path dir, String reason) {
        return new Failure(FailureKind.INTERNAL, CANNOT_SAVE + dir + ": " + reason, true);
    }

    /** Whether this is a {@link #cannotSave} failure: a local I/O error, not the server's. */
    public boolean isSaveFailure() {
        return kind == FailureKind.INTERNAL && message.startsWith(CANNOT_SAVE);
    }

    /** Whether repeating the request cannot duplicate its effect on the server. */
    public boolean retrySafe() {
        return !requestSent;
    }
}
