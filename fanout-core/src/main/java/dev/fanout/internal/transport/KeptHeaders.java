package dev.fanout.internal.transport;

import dev.fanout.Headers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The response headers an outcome keeps when the client does not keep bodies (and so does not copy every
 * header): those the engine itself acts on — {@code Retry-After} (retries, host pauses), {@code Location}
 * (redirects) and, when rate fields are read, the quota fields ({@code RateLimit}, {@code RateLimit-Policy},
 * {@code RateLimit-Limit/-Remaining/-Reset}, {@code X-RateLimit-Limit/-Remaining/-Reset}).
 */
final class KeptHeaders {
    private static final String[] QUOTA = {"RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining",
            "RateLimit-Reset", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"};
    /** The names looked up in every response: as AsciiString, whose hash is computed once, not per lookup. */
    private static final AsciiString[] QUOTA_LOOKUP = new AsciiString[QUOTA.length];
    private static final AsciiString RATELIMIT = AsciiString.cached("ratelimit");
    private static final AsciiString RATELIMIT_REMAINING = AsciiString.cached("ratelimit-remaining");
    private static final AsciiString X_RATELIMIT_REMAINING = AsciiString.cached("x-ratelimit-remaining");

    static {
        for (int i = 0; i < QUOTA.length; i++) {
            QUOTA_LOOKUP[i] = AsciiString.cached(QUOTA[i]);
        }
    }

    private KeptHeaders() {
    }

    static Headers of(HttpHeaders response, int status, boolean quotaFields) {
        Headers.Builder kept = null;
        if (status >= 400) {
            kept = add(kept, response, "Retry-After", HttpHeaderNames.RETRY_AFTER);
        } else if (status >= 300) {
            kept = add(kept, response, "Location", HttpHeaderNames.LOCATION);
        }
        if (quotaFields && (response.contains(RATELIMIT_REMAINING) || response.contains(X_RATELIMIT_REMAINING)
                || response.contains(RATELIMIT))) {
            for (int i = 0; i < QUOTA.length; i++) {
                kept = add(kept, response, QUOTA[i], QUOTA_LOOKUP[i]);
            }
        }
        return kept == null ? Headers.empty() : kept.build();
    }

    private static Headers.Builder add(Headers.Builder kept, HttpHeaders response, String name, CharSequence lookup) {
        String v = response.get(lookup);
        if (v == null) {
            return kept;
        }
        Headers.Builder b = kept == null ? Headers.builder(4) : kept;
        b.add(name, v);
        return b;
    }
}
