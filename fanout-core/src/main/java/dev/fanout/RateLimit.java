package dev.fanout;

import java.util.Locale;

/**
 * A request rate: {@code permitsPerSecond} on average, with bursts of at most {@code burst} requests. With
 * the default burst of 1, requests are evenly spaced ({@code 50/s} starts one every 20 ms).
 *
 * @param permitsPerSecond the sustained rate (> 0)
 * @param burst            the bucket's size: how many requests may start back to back after a quiet spell
 */
public record RateLimit(double permitsPerSecond, int burst) {

    public RateLimit {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be positive, got " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, got " + burst);
        }
    }

    public static RateLimit perSecond(double n) {
        return new RateLimit(n, 1);
    }

    public static RateLimit perMinute(double n) {
        return new RateLimit(n / 60.0, 1);
    }

    public RateLimit withBurst(int n) {
        return new RateLimit(permitsPerSecond, n);
    }

    /**
     * Parses {@code N/s}, {@code N/m} (or {@code /sec}, {@code /min}, {@code /h}); a bare number is per second.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static RateLimit parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        String number = slash < 0 ? t : t.substring(0, slash).trim();
        String unit = slash < 0 ? "s" : t.substring(slash + 1).trim();
        double seconds = switch (unit) {
            case "s", "sec", "second" -> 1;
            case "m", "min", "minute" -> 60;
            case "h", "hour" -> 3600;
            default -> throw new IllegalArgumentException("rate '" + text + "': unit must be /s, /m or /h");
        };
        double n;
        try {
            n = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate '" + text + "' is not a number per unit, e.g. 50/s or 600/m");
        }
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("rate '" + text + "' must be positive");
        }
        return new RateLimit(n / seconds, 1);
    }

    @Override
    public String toString() {
        double perSecond = permitsPerSecond;
        String base = perSecond >= 1 || perSecond * 60 != Math.rint(perSecond * 60)
                ? trim(perSecond) + "/s" : trim(perSecond * 60) + "/m";
        return burst == 1 ? base : base + " (burst " + burst + ")";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
