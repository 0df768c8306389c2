package dev.fanout;


import java.util.OptionalLong;

/**
 * What a response says about its API quota, read from the three conventions in use:
 * <ul>
 *   <li>the IETF fields (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy: "burst";q=100;w=60}
 *       and {@code RateLimit: "burst";r=50;t=30} (remaining {@code r}, reset in {@code t} seconds; the first
 *       item counts);</li>
 *   <li>the draft's older three fields {@code RateLimit-Limit}, {@code RateLimit-Remaining},
 *       {@code RateLimit-Reset} (seconds from now);</li>
 *   <li>the de-facto {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset}: a reset above 10⁹ is a Unix
 *       time in seconds (GitHub), above 10¹² in milliseconds, else seconds from now.</li>
 * </ul>
 * A malformed field is ignored, as the draft says. An immutable value; time is passed in.
 *
 * @param limit        requests per window, or -1 when not given
 * @param remaining    requests left in the window, or -1 when not given
 * @param resetNanos   nanoseconds until the window resets (from when the response was read), or -1
 * @param windowNanos  the window's length ({@code w} of the policy), or -1
 * @param convention   which convention gave it: "RateLimit", "RateLimit-Remaining" or "X-RateLimit-Remaining"
 */
public record QuotaFields(long limit, long remaining, long resetNanos, long windowNanos, String convention) {
    private static final long SECOND = 1_000_000_000L;
    /** The three fields' names (remaining, limit, reset) of each convention: every response is looked at for them. */
    private static final String[] DRAFT = {"RateLimit-Remaining", "RateLimit-Limit", "RateLimit-Reset"};
    private static final String[] DE_FACTO = {"X-RateLimit-Remaining", "X-RateLimit-Limit", "X-RateLimit-Reset"};

    /** Whether anything was learned. */
    public boolean known() {
        return remaining >= 0;
    }

    /** Reads the quota fields of a response; null when it has none that parse. */
    public static QuotaFields of(Headers headers, long nowEpochMillis) {
        if (!namesAny(headers)) {
            return null;
        }
        QuotaFields ietf = ietf(headers);
        if (ietf != null) {
            return ietf;
        }
        QuotaFields three = threeFields(headers, DRAFT, nowEpochMillis, false);
        return three != null ? three : threeFields(headers, DE_FACTO, nowEpochMillis, true);
    }

    /**
     * Whether any header name is one of the conventions' ({@code RateLimit…}, {@code X-RateLimit…}): one pass
     * over the names, as every response is looked at and most name none.
     */
    private static boolean namesAny(Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            String n = headers.name(i);
            if (n.regionMatches(true, 0, "RateLimit", 0, 9) || n.regionMatches(true, 0, "X-RateLimit", 0, 11)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a response says the quota is spent: 429, or 403 with a remainder of 0 (GitHub's way).
     */
    public static boolean overQuota(int status, QuotaFields fields) {
        return status == 429 || (status == 403 && fields != null && fields.remaining == 0);
    }

    private static QuotaFields ietf(Headers headers) {
        String rl = headers.get("RateLimit");
        if (rl == null) {
            return null;
        }
        String first = firstItem(rl);
        long r = param(first, "r");
        long t = param(first, "t");
        if (r < 0) {
            return null;
        }
        long q = -1;
        long w = -1;
        String policy = headers.get("RateLimit-Policy");
        if (policy != null) {
            String p = firstItem(policy);
            q = param(p, "q");
            w = param(p, "w");
        }
        return new QuotaFields(q, r, t < 0 ? -1 : t * SECOND, w < 0 ? -1 : w * SECOND, "RateLimit");
    }

    private static QuotaFields threeFields(Headers headers, String[] names, long nowEpochMillis, boolean epochAllowed) {
        long remaining = leadingNumber(headers.get(names[0]));
        if (remaining < 0) {
            return null;
        }
        long limit = leadingNumber(headers.get(names[1]));
        long reset = leadingNumber(headers.get(names[2]));
        long resetNanos = -1;
        if (reset >= 0) {
            if (epochAllowed && reset > 1_000_000_000_000L) {
                resetNanos = Math.max(0, reset - nowEpochMillis) * 1_000_000L;
            } else if (epochAllowed && reset > 1_000_000_000L) {
                resetNanos = Math.max(0, reset * 1000 - nowEpochMillis) * 1_000_000L;
            } else {
                resetNanos = reset * SECOND;
            }
        }
        return new QuotaFields(limit, remaining, resetNanos, -1, names[0]);
    }

    /** The first member of a structured-field list, up to a comma outside quotes. */
    private static String firstItem(String list) {
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return list.substring(0, i);
            }
        }
        return list;
    }

    /** A non-negative integer parameter {@code ;name=N} of a list member, or -1 when absent or malformed. */
    private static long param(String item, String name) {
        String[] parts = item.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equals(name)) {
                return number(p.substring(eq + 1).strip());
            }
        }
        return -1;
    }

    /** The integer a field starts with ({@code 100} of {@code 100, 100;w=60}), or -1 when malformed. */
    private static long leadingNumber(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.strip();
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end == 0 || (end < v.length() && ",; ".indexOf(v.charAt(end)) < 0)) {
            return -1;
        }
        return number(v.substring(0, end));
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /** Describes the next reset, e.g. for a summary. */
    public OptionalLong resetSeconds() {
        return resetNanos < 0 ? OptionalLong.empty() : OptionalLong.of(resetNanos / SECOND);
    }
}
