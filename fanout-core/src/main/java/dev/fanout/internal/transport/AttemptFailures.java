package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What an {@link Exchange} says when it ends without a response, in the user's terms; and the headers it keeps. */
final class AttemptFailures {
    private AttemptFailures() {
    }

    static Failure contentLengthOverLimit(long length, long max) {
        return new Failure(FailureKind.TOO_LARGE, "Content-Length " + length + " exceeds the body limit of " + max + " bytes", true);
    }

    static Failure bodyOverLimit(long max) {
        return new Failure(FailureKind.TOO_LARGE, "body exceeds the limit of " + max + " bytes", true);
    }

    /** A body that cannot fit in the whole memory budget: {@code what} is "N bytes so far" or its announced length. */
    static Failure largerThanBudget(String what, long budget) {
        return new Failure(FailureKind.TOO_LARGE, "body of " + what + " is larger than the memory budget of " + budget
                + " bytes for bodies held at once; raise it with --max-memory (Fanout.Builder.maxMemory), or save"
                + " bodies with --save-dir instead of keeping them", true);
    }

    static Failure outOfMemory(long length) {
        return new Failure(FailureKind.TOO_LARGE, "not enough memory for a body of " + length + " bytes (the Java heap is "
                + Runtime.getRuntime().maxMemory() + " bytes): lower --max-memory or -c, or give Java more (FANOUT_JAVA_OPTS=-Xmx2g)", true);
    }

    /** A body set aside to unblock the budget, when its request may not be sent twice. */
    static Failure noRoomBesideOthers(long budget, long read) {
        return new Failure(FailureKind.TOO_LARGE, "body did not fit in the memory budget of " + budget
                + " bytes beside the other bodies in flight (" + read + " bytes read); raise --max-memory or lower -c", true);
    }

    /** The {@code last_error} of a request set aside, to be sent again. */
    static String setAside(long read, long budget) {
        return "too_large: set aside after " + read + " body bytes, with the memory budget of " + budget
                + " bytes held by other bodies; sent again when there was room";
    }

    static Failure cannotSave(Path dir, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        }
        return Failure.cannotSave(dir, why);
    }

    static Failure firstByteTimeout(long lengthNanos) {
        return new Failure(FailureKind.TIMEOUT, "timeout (first byte): no response within " + millis(lengthNanos)
                + " ms of sending the request", true);
    }

    static Failure readTimeout(long lengthNanos, boolean inBody, long bytes) {
        return new Failure(FailureKind.TIMEOUT, "timeout (read): no data for " + millis(lengthNanos) + " ms "
                + (inBody ? "after " + bytes + " body bytes" : "waiting for the response"), true);
    }

    /** The total limit passed: while connecting (nothing sent), waiting for the response, or reading the body. */
    static Failure totalTimeout(long lengthNanos, boolean connecting, boolean inBody, long bytes) {
        String limit = "timeout (total): attempt exceeded " + millis(lengthNanos) + " ms ";
        if (connecting) {
            return Failure.beforeSend(FailureKind.TIMEOUT, limit + "while connecting");
        }
        return new Failure(FailureKind.TIMEOUT, limit + (inBody ? "reading the body (" + bytes + " bytes)" : "waiting for the response"), true);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * The response headers an outcome carries: all of them when bodies are kept; else only what the engine
     * needs — Retry-After of an error (retries, host pauses) and Location of a redirect.
     */
    static Headers kept(HttpResponse response, boolean all, boolean quotaFields) {
        if (all) {
            Headers.Builder hb = Headers.builder(response.headers().size());
            if (response.headers() instanceof FieldList fields) {
                for (int i = 0; i < fields.size(); i++) {
                    hb.add(fields.name(i), fields.value(i)); // no entry object per field
                }
                return hb.build();
            }
            for (Map.Entry<String, String> e : response.headers()) {
                hb.add(e.getKey(), e.getValue());
            }
            return hb.build();
        }
        return KeptHeaders.of(response.headers(), response.status().code(), quotaFields);
    }
}
