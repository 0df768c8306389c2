package dev.fanout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How one request ended: either an HTTP response with any status (a 404 is data, not an error) or a typed
 * {@link Failure}. Every request given to {@link dev.fanout.client.Fanout} yields exactly one outcome. Make one with
 * {@link #builder} (or {@link #toBuilder} for a changed copy), so that a part added later breaks no caller.
 *
 * @param request     the request as given
 * @param index       the request's position in the input it came from (0-based; 0 for a single fetch)
 * @param status      the HTTP status, or 0 when there was no response
 * @param headers     the response headers (empty when there was no response)
 * @param body        the response body, decoded from any content-encoding; empty when there was no response
 *                    or when the client discards bodies; not copied — do not modify it
 * @param bytes       body bytes received (counted even when the body is discarded)
 * @param failure     why there was no response, or {@code null} when there was one
 * @param elapsedNanos time from the attempt's start (after queueing) to its end, connect included
 * @param attempts    how many attempts were made (1 when the first one decided the outcome; 0 when nothing
 *                    was sent because the input was invalid or the host had been given up)
 * @param lastError   why the previous attempt was retried ({@code "503"}, {@code "reset: connection closed…"}),
 *                    or {@code null} when this outcome came from the first attempt
 * @param redirects   redirects followed to get here (0 when none)
 * @param finalUrl    the URL that gave this outcome after redirects, or null when none was followed
 * @param bodyFile    with {@link dev.fanout.client.Fanout.Builder#saveBodiesTo}: the file in that directory the body was written to
 *                    as it arrived (a temporary name; fanout-batch's {@code BodyFiles.save} gives it its own),
 *                    or null when there was no response or bodies are not saved
 * @param proxy       the proxy the last attempt went through, or null when it connected directly
 */
public record Outcome(Request request, long index, int status, Headers headers, byte[] body, long bytes,
                      Failure failure, long elapsedNanos, int attempts, String lastError, int redirects, String finalUrl,
                      Path bodyFile, Proxy proxy) {
    private static final byte[] NO_BODY = new byte[0];

    /**
     * A builder for an outcome of {@code request}, every other part at its default: index 0, no response
     * (status 0, no headers, an empty body, 0 bytes), no failure, 0 ns, one attempt and no retry, no redirect,
     * no body file, no proxy. Set what differs by name, so that a part added later breaks no caller.
     */
    public static Builder builder(Request request) {
        return new Builder(request);
    }

    /** A builder holding this outcome's parts, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The outcome of a first attempt that got a response: no retry, redirect or proxy yet (the engine adds
     * those). Unlike a builder it allocates nothing but the outcome: it is the transport's, once per request.
     */
    public static Outcome response(Request request, long index, int status, Headers headers, byte[] body, long bytes,
                                   long elapsedNanos, Path bodyFile) {
        return new Outcome(request, index, status, headers, body, bytes, null, elapsedNanos, 1, null, 0, null, bodyFile, null);
    }

    /** The outcome of a first attempt that ended in {@code failure} after {@code bytes} of a body (see {@link #response}). */
    public static Outcome failed(Request request, long index, Failure failure, long bytes, long elapsedNanos) {
        return new Outcome(request, index, 0, Headers.empty(), NO_BODY, bytes, failure, elapsedNanos, 1, null, 0, null, null, null);
    }

    /** The outcome of a request that was never sent (invalid, its host given up, the client closed): 0 attempts. */
    public static Outcome unsent(Request request, long index, Failure failure) {
        return new Outcome(request, index, 0, Headers.empty(), NO_BODY, 0, failure, 0, 0, null, 0, null, null, null);
    }

    /** This outcome at position {@code newIndex} (a job's position for its input). */
    public Outcome withIndex(long newIndex) {
        return new Outcome(request, newIndex, status, headers, body, bytes, failure, elapsedNanos, attempts, lastError,
                redirects, finalUrl, bodyFile, proxy);
    }

    /** This outcome with its body saved in {@code file} (see {@link #bodyFile()}). */
    public Outcome withBodyFile(Path file) {
        return new Outcome(request, index, status, headers, body, bytes, failure, elapsedNanos, attempts, lastError,
                redirects, finalUrl, file, proxy);
    }

    /** This outcome as reached through {@code through} (null: directly). */
    public Outcome withProxy(Proxy through) {
        return through == proxy ? this : new Outcome(request, index, status, headers, body, bytes, failure, elapsedNanos,
                attempts, lastError, redirects, finalUrl, bodyFile, through);
    }

    /** This outcome as the end of {@code hops} redirects from {@code original}: it reports the input's request. */
    public Outcome afterRedirects(Request original, int hops) {
        return hops == 0 ? this : new Outcome(original, index, status, headers, body, bytes, failure, elapsedNanos,
                attempts, lastError, hops, request.url(), bodyFile, proxy);
    }

    /** A one-line description of why this outcome is not a success worth keeping: status or failure. */
    public String errorText() {
        if (failure == null) {
            return Integer.toString(status);
        }
        String kind = failure.kind().wireName();
        // a timeout's message already starts with "timeout (phase)" (and "connection refused" is not "connect: …")
        return failure.message().startsWith(kind + " (") ? failure.message() : kind + ": " + failure.message();
    }

    /** Whether an HTTP response arrived (of any status). */
    public boolean hasResponse() {
        return failure == null;
    }

    /** Whether a response with a 2xx status arrived. */
    public boolean isSuccessful() {
        return failure == null && status >= 200 && status < 300;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Elapsed time in (fractional) milliseconds. */
    public double elapsedMillis() {
        return elapsedNanos / 1_000_000.0;
    }

    @Override
    public String toString() {
        return request + " -> " + (failure == null ? Integer.toString(status) : failure.kind().wireName() + ": " + failure.message());
    }

    /**
     * Makes an {@link Outcome} part by part ({@link Outcome#builder}, {@link Outcome#toBuilder}). Not thread-safe;
     * {@link #build()} may be called again after further changes.
     */
    public static final class Builder {
        private Request request;
        private long index;
        private int status;
        private Headers headers = Headers.empty();
        private byte[] body = NO_BODY;
        private long bytes;
        private Failure failure;
        private long elapsedNanos;
        private int attempts = 1;
        private String lastError;
        private int redirects;
        private String finalUrl;
        private Path bodyFile;
        private Proxy proxy;

        private Builder(Request request) {
            this.request = Objects.requireNonNull(request, "request");
        }

        private Builder(Outcome o) {
            this(o.request);
            index = o.index;
            status = o.status;
            headers = o.headers;
            body = o.body;
            bytes = o.bytes;
            failure = o.failure;
            elapsedNanos = o.elapsedNanos;
            attempts = o.attempts;
            lastError = o.lastError;
            redirects = o.redirects;
            finalUrl = o.finalUrl;
            bodyFile = o.bodyFile;
            proxy = o.proxy;
        }

        /** See {@link Outcome#request()}. */
        public Builder request(Request r) {
            this.request = Objects.requireNonNull(r, "request");
            return this;
        }

        /** See {@link Outcome#index()}. */
        public Builder index(long i) {
            this.index = i;
            return this;
        }

        /** See {@link Outcome#status()}. */
        public Builder status(int s) {
            this.status = s;
            return this;
        }

        /** See {@link Outcome#headers()}. */
        public Builder headers(Headers h) {
            this.headers = Objects.requireNonNull(h, "headers");
            return this;
        }

        /** See {@link Outcome#body()}: the array is kept, not copied. */
        public Builder body(byte[] b) {
            this.body = Objects.requireNonNull(b, "body");
            return this;
        }

        /** See {@link Outcome#bytes()}. */
        public Builder bytes(long n) {
            this.bytes = n;
            return this;
        }

        /** See {@link Outcome#failure()}. */
        public Builder failure(Failure f) {
            this.failure = f;
            return this;
        }

        /** See {@link Outcome#elapsedNanos()}. */
        public Builder elapsedNanos(long nanos) {
            this.elapsedNanos = nanos;
            return this;
        }

        /** See {@link Outcome#attempts()}. */
        public Builder attempts(int n) {
            this.attempts = n;
            return this;
        }

        /** See {@link Outcome#lastError()}. */
        public Builder lastError(String why) {
            this.lastError = why;
            return this;
        }

        /** See {@link Outcome#redirects()}. */
        public Builder redirects(int n) {
            this.redirects = n;
            return this;
        }

        /** See {@link Outcome#finalUrl()}. */
        public Builder finalUrl(String url) {
            this.finalUrl = url;
            return this;
        }

        /** See {@link Outcome#bodyFile()}. */
        public Builder bodyFile(Path file) {
            this.bodyFile = file;
            return this;
        }

        /** See {@link Outcome#proxy()}. */
        public Builder proxy(Proxy through) {
            this.proxy = through;
            return this;
        }

        public Outcome build() {
            return new Outcome(request, index, status, headers, body, bytes, failure, elapsedNanos, attempts, lastError,
                    redirects, finalUrl, bodyFile, proxy);
        }
    }
}
