package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Request;
import io.netty.handler.codec.http2.Http2Error;

import java.time.Duration;

/**
 * The failure/resend decision of an {@link Exchange} whose attempt something broke: a connect that failed,
 * a connection that closed or failed, an HTTP/2 stream the server reset, a deadline that came, a body set
 * aside for memory. Each either sends the request once more on a fresh connection
 * ({@link Exchange#retryOnFreshConnection}) or ends the attempt with the failure that says why
 * ({@link Exchange#fail}).
 *
 * <p>Stateless: it owns nothing and allocates nothing beyond the failure it reports; the exchange passes in
 * what the decision reads. Called only by the exchange, on its event loop.
 */
final class BrokenAttempts {
    private BrokenAttempts() {
    }

    /** Why a connect failed; a timeout says the connect timeout. */
    static Failure connectFailed(Throwable cause, Duration connectTimeout) {
        Failure failure = FailureClassifier.classify(cause, false);
        if (failure.kind() == FailureKind.TIMEOUT) {
            failure = Failure.beforeSend(FailureKind.TIMEOUT, "timeout (connect): not connected within "
                    + connectTimeout.toMillis() + " ms");
        }
        return failure;
    }

    /**
     * Whether a request that broke on a reused connection before any response byte is sent once more on a
     * fresh one: only once, and only when its method is idempotent.
     */
    static boolean mayRetryStale(boolean reused, boolean retriedStale, Exchange.Phase phase, Request request) {
        return reused && !retriedStale && phase == Exchange.Phase.AWAIT_RESPONSE && request.idempotent();
    }

    /**
     * The budget is stuck, all of it held by half-read bodies waiting for more, this one among them: it lets go.
     * A request that may be sent twice is sent again once there is room; another ends as too large for the
     * budget beside the others.
     */
    static void setAsideForMemory(Exchange x, TransportCall call, long budget, long bytes) {
        if (!call.request().idempotent()) {
            x.fail(AttemptFailures.noRoomBesideOthers(budget, bytes));
            return;
        }
        call.setAside(AttemptFailures.setAside(bytes, budget));
        x.fail(new Failure(FailureKind.TOO_LARGE, "set aside for memory", true)); // not delivered: sent again
    }

    static void closed(Exchange x, boolean clientClosing, boolean mayRetryStale, Exchange.Phase phase, long bytes) {
        if (clientClosing) {
            x.fail(new Failure(FailureKind.CANCELLED, "the client was closed", phase != Exchange.Phase.CONNECT));
        } else if (mayRetryStale) {
            x.retryOnFreshConnection("reset: connection closed before the response");
        } else if (phase == Exchange.Phase.BODY) {
            x.fail(new Failure(FailureKind.RESET, "connection closed after " + bytes + " body bytes", true));
        } else {
            x.fail(new Failure(FailureKind.RESET, "connection closed before the response", true));
        }
    }

    static void error(Exchange x, Throwable cause, boolean mayRetryStale, Exchange.Phase phase, long bytes) {
        Failure failure = FailureClassifier.classify(cause, phase != Exchange.Phase.CONNECT);
        if (failure.kind() == FailureKind.RESET && mayRetryStale) {
            x.retryOnFreshConnection("reset: " + failure.message());
        } else if (failure.kind() == FailureKind.RESET && phase != Exchange.Phase.CONNECT) {
            String when = phase == Exchange.Phase.BODY ? " after " + bytes + " body bytes" : " before the response";
            x.fail(new Failure(FailureKind.RESET, failure.message() + when, failure.requestSent()));
        } else {
            x.fail(failure);
        }
    }

    /** The HTTP/2 server reset the exchange's stream. REFUSED_STREAM means it did no work: safe to retry. */
    static void streamReset(Exchange x, long errorCode, boolean retriedStale, boolean mayRetryStale,
                            Exchange.Phase phase, long bytes) {
        Http2Error error = Http2Error.valueOf(errorCode);
        String name = error == null ? "error " + errorCode : error.name();
        if (error == Http2Error.REFUSED_STREAM && !retriedStale) {
            // the server did no work on it: another stream, or connection, at once
            x.retryOnFreshConnection("reset: stream refused by the server (REFUSED_STREAM)");
        } else if (error == Http2Error.REFUSED_STREAM) {
            x.fail(Failure.beforeSend(FailureKind.RESET, "stream refused by the server (REFUSED_STREAM)"));
        } else if (mayRetryStale) {
            x.retryOnFreshConnection("reset: stream reset by the server (" + name + ")");
        } else {
            String when = phase == Exchange.Phase.BODY ? " after " + bytes + " body bytes" : " before the response";
            x.fail(new Failure(FailureKind.RESET, "stream reset by the server (" + name + ")" + when, true));
        }
    }

    /** One of the exchange's deadlines has come. */
    static void deadline(Exchange x, Deadline d, long now, AttemptClock clock, Exchange.Phase phase, long bytes) {
        switch (d.kind) {
            case TOTAL -> x.fail(AttemptFailures.totalTimeout(clock.totalLengthNanos(), phase == Exchange.Phase.CONNECT,
                    phase == Exchange.Phase.BODY, bytes));
            case FIRST_BYTE -> x.fail(AttemptFailures.firstByteTimeout(clock.firstByteLengthNanos()));
            case READ -> {
                if (clock.readSilencePassed(d, now)) {
                    x.fail(AttemptFailures.readTimeout(clock.readLengthNanos(), phase == Exchange.Phase.BODY, bytes));
                }
            }
        }
    }
}
