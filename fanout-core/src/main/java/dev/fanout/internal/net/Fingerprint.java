package dev.fanout.internal.net;

/**
 * A request's 64-bit identity for a crawl's seen-set: method, normalized URL ({@link Url#normalized}) and body, hashed with FNV-1a over its UTF-16
 * units and finished with the MurmurHash3 64-bit mixer so that every output bit depends on every input.
 */
public final class Fingerprint {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    /**
     * The identity of a request with this method, URL as written ({@code url}), the same URL parsed
     * ({@code parsed}; null when it cannot be) and body.
     */
    public static long of(String method, String url, Url parsed, byte[] body) {
        long h = FNV_OFFSET;
        h = mix(h, method);
        h = (h ^ ' ') * FNV_PRIME;
        h = mix(h, parsed != null ? parsed.normalized() : withoutFragment(url));
        for (byte b : body) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return finish(h);
    }

    /** A URL that cannot be requested is compared as written, without its fragment. */
    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
