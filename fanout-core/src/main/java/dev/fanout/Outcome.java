package dev.fanout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How one request ended: either an HTTP response with any status (a 404 is data, not an error) or a typed
 * {@link Failure}. Every request given to {@link Fanout} yields exactly one outcome.
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
 * @param bodyFile    with {@link Fanout.Builder#saveBodiesTo}: the file in that directory the body was written to
 *                    as it arrived (a temporary name; fanout-batch's {@code BodyFiles.save} gives it its own),
 *                    or null when there was no response or bodies are not saved
 * @param proxy       the proxy the last attempt went through, or null when it connected directly
 */
public record Outcome(Request request, long index, int status, Headers headers, byte[] body, long bytes,
                      Failure failure, long elapsedNanos, int attempts, String lastError, int redirects, String finalUrl,
                      Path bodyFile, Proxy proxy) {

    /** An outcome whose body was not saved to a file, reached without a proxy. */
    public Outcome(Request request, long index, int status, Headers headers, byte[] body, long bytes,
                   Failure failure, long elapsedNanos, int attempts, String lastError, int redirects, String finalUrl) {
        this(request, index, status, headers, body, bytes, failure, elapsedNanos, attempts, lastError, redirects, finalUrl, null, null);
    }

    /** An outcome that followed no redirect. */
    public Outcome(Request request, long index, int status, Headers headers, byte[] body, long bytes,
                   Failure failure, long elapsedNanos, int attempts, String lastError) {
        this(request, index, status, headers, body, bytes, failure, elapsedNanos, attempts, lastError, 0, null);
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
}
