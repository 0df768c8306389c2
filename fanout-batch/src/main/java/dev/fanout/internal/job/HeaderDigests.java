package dev.fanout.internal.job;

import dev.fanout.Headers;

import java.util.HashMap;
import java.util.Map;

/**
 * How a job keeps a found request's headers without their values (an API token must not sit in the job file):
 * each header as {@code name:digest}. A rerun gives each header back the value this run's inputs carry under
 * that name with the same digest — or, when none does (a token since renewed), the value the latest input
 * carries under that name. Not thread-safe.
 */
public final class HeaderDigests {
    /** Lower-case name → digest → value, from the inputs seen. */
    private final Map<String, Map<String, String>> known = new HashMap<>();
    /** Lower-case name → the value the latest input carried. */
    private final Map<String, String> latest = new HashMap<>();
    /** Digests of recent values, to hash a repeated value (the same token on every request) once. */
    private final Map<String, String> digests = new HashMap<>();

    /** The headers as kept: one {@code name:digest} line each. */
    public String encode(Headers headers) {
        if (headers.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < headers.size(); i++) {
            sb.append(headers.name(i)).append(':').append(digest(headers.value(i))).append('\n');
        }
        return sb.toString();
    }

    private String digest(String value) {
        String d = digests.get(value);
        if (d == null) {
            if (digests.size() >= 1024) {
                digests.clear();
            }
            d = Digest.of(value);
            digests.put(value, d);
        }
        return d;
    }

    /** Notes an input's headers: their values can be given back to found requests. */
    public void learn(Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(java.util.Locale.ROOT);
            String value = headers.value(i);
            known.computeIfAbsent(name, n -> new HashMap<>(4)).putIfAbsent(digest(value), value);
            latest.put(name, value);
        }
    }

    /**
     * The headers {@link #encode} kept, with values given back; an {@link IllegalStateException} naming the header
     * when no input of this run carries it.
     */
    public Headers decode(String encoded, String url) {
        if (encoded.isEmpty()) {
            return Headers.empty();
        }
        String[] lines = encoded.split("\n");
        Headers.Builder b = Headers.builder(lines.length);
        for (String line : lines) {
            int colon = line.lastIndexOf(':');
            String name = line.substring(0, colon);
            String key = name.toLowerCase(java.util.Locale.ROOT);
            String value = known.getOrDefault(key, Map.of()).get(line.substring(colon + 1));
            if (value == null) {
                value = latest.get(key);
            }
            if (value == null) {
                throw new IllegalStateException("the found request " + url + " was sent with a " + name
                        + " header, which no input of this run carries: run the job with the headers it started with");
            }
            b.add(name, value);
        }
        return b.build();
    }
}
