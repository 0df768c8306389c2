package dev.fanout;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One HTTP request to make. Immutable; cheap to create in bulk.
 *
 * <p>Construction never fails on a malformed URL: the URL is parsed when the request is executed and a bad
 * one becomes an {@link FailureKind#INVALID_URL} outcome, so every input of a bulk run yields exactly one
 * outcome.
 *
 * @param method  the HTTP method, e.g. {@code GET}
 * @param url     the absolute http or https URL, as given
 * @param headers header fields added to the client's defaults (a name given here replaces a default)
 * @param body    the request body, or an empty array for none; not copied — do not modify it afterwards
 * @param params  the template values this request was made from (empty when it came from a plain URL);
 *                carried through to its {@link Outcome} and records
 * @param depth   how many links a crawl followed to find this request (0 for an input)
 * @param parent  the URL of the response this request was found in, or null for an input
 */
public record Request(String method, String url, Headers headers, byte[] body, Map<String, String> params,
                      int depth, String parent) {
    private static final byte[] NO_BODY = new byte[0];
    /** A header name no real header can have (not an HTTP token), carrying why the input is invalid. */
    private static final String INVALID_MARKER = " invalid input";

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? NO_BODY : body;
        params = params == null || params.isEmpty() ? Map.of() : FrozenParams.of(params);
    }

    /**
     * Params copied once, in their order, and never changed: the copies a request makes of itself ({@link #foundIn},
     * {@link #withHeaders}…) share them instead of copying them again, as a crawl does for every link it follows.
     */
    private static final class FrozenParams extends AbstractMap<String, String> {
        private final Map<String, String> map;

        private FrozenParams(Map<String, String> map) {
            this.map = map;
        }

        static Map<String, String> of(Map<String, String> params) {
            if (params instanceof FrozenParams) {
                return params;
            }
            if (params.size() == 1) {
                // the usual case (one template value, -p i=1..N): a fifth of the memory of a one-entry LinkedHashMap,
                // for every request waiting in a crawl's frontier or a stream's buffer
                Entry<String, String> only = params.entrySet().iterator().next();
                return new FrozenParams(Collections.singletonMap(only.getKey(), only.getValue()));
            }
            return new FrozenParams(Collections.unmodifiableMap(new LinkedHashMap<>(params)));
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super String> action) {
            map.forEach(action);
        }
    }

    /** An input request (depth 0, no parent). */
    public Request(String method, String url, Headers headers, byte[] body, Map<String, String> params) {
        this(method, url, headers, body, params, 0, null);
    }

    /** A GET of {@code url} with no extra headers. */
    public static Request get(String url) {
        return new Request("GET", url, Headers.empty(), NO_BODY, Map.of());
    }

    /** A request with the given method and body (UTF-8). */
    public static Request of(String method, String url, String body) {
        return new Request(method, url, Headers.empty(), body == null ? NO_BODY : body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** This request with one more header field. */
    public Request withHeader(String name, String value) {
        return new Request(method, url, headers.with(name, value), body, params, depth, parent);
    }

    /** This request with its headers replaced. */
    public Request withHeaders(Headers newHeaders) {
        return new Request(method, url, newHeaders, body, params, depth, parent);
    }

    /** This request carrying template values, for records. */
    public Request withParams(Map<String, String> newParams) {
        return new Request(method, url, headers, body, newParams, depth, parent);
    }

    /** This request as found by a crawl in the response from {@code parentUrl}, {@code newDepth} links from an input. */
    public Request foundIn(String parentUrl, int newDepth) {
        return new Request(method, url, headers, body, params, newDepth, parentUrl);
    }

    /**
     * This request as the stand-in for an input that could not be read as it is (a table row with the wrong
     * number of columns, a line that is not UTF-8): it is never sent, and its outcome is an
     * {@link FailureKind#INVALID_INPUT} failure whose message is {@code problem}, so the input still yields
     * exactly one record, in its place.
     */
    public Request invalid(String problem) {
        return new Request(method, url, Headers.of(INVALID_MARKER, problem), body, params, depth, parent);
    }

    /** Why this request stands for an input that could not be read ({@link #invalid}), or null. */
    public String invalidProblem() {
        return headers.size() > 0 && headers.name(0).equals(INVALID_MARKER) ? headers.value(0) : null;
    }

    /** Whether repeating this request has no extra effect (RFC 9110 §9.2.2). */
    public boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return method + " " + url;
    }
}
