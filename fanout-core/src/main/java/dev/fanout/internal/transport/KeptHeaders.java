package dev.fanout.internal.transport;

import dev.fanout.Headers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The response headers an outcome keeps when the client does not keep bodies (and so does not copy every
 * header): those the engine itself acts on — {@code Retry-After} (retries, host pauses), {@code Location}
 * (redirects) and, when rate fields are read, the quota fields ({@code RateLimit}, {@code RateLimit-Policy},
 * {@code RateLimit-Limit/-Remaining/-Reset}, {@code X-RateLimit-Limit/-Remaining/-Reset}).
 */
final class KeptHeaders {
    private static final String[] QUOTA = {"RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining",
            "RateLimit-Reset", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"};

    private KeptHeaders() {
    }

    static Headers of(HttpHeaders response, int status, boolean quotaFields) {
        Headers.Builder kept = null;
        if (status >= 400) {
            kept = add(kept, response, "Retry-After", HttpHeaderNames.RETRY_AFTER.toString());
        } else if (status >= 300) {
            kept = add(kept, response, "Location", HttpHeaderNames.LOCATION.toString());
        }
        if (quotaFields && (response.contains("ratelimit-remaining") || response.contains("x-ratelimit-remaining")
                || response.contains("ratelimit"))) {
            for (String name : QUOTA) {
                kept = add(kept, response, name, name);
            }
        }
        return kept == null ? Headers.empty() : kept.build();
    }

    private static Headers.Builder add(Headers.Builder kept, HttpHeaders response, String name, String lookup) {
        String v = response.get(lookup);
        if (v == null) {
            return kept;
        }
        Headers.Builder b = kept == null ? Headers.builder(4) : kept;
        b.add(name, v);
        return b;
    }
}
