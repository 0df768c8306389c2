package dev.fanout.testserver;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fault the server injects instead of (or into) a normal response. Written as a mode with optional
 * parameters, either in a request's query string ({@code ?fault=reset&fraction=0.2&times=1}) or as a
 * server-wide rule ({@code reset,fraction=0.2,times=1}) applied to requests that do not name their own.
 *
 * <p>Modes: {@code reset} (connection reset before any header), {@code reset-body} (reset after half the
 * body), {@code stall} (never answers), {@code drip} (the body one byte every {@code ms} milliseconds, default
 * 100), {@code truncate} (Content-Length larger than the bytes sent, then close), {@code bad-chunked}
 * (invalid chunked encoding), {@code status} (answers {@code status}, default 503, with {@code retry_after}
 * seconds, or as an HTTP-date when {@code date=true}), {@code burst} (of every {@code period} requests
 * with this fault, default 100, the first {@code length}, default 10, answer {@code status}).
 *
 * <p>Which requests: a deterministic {@code fraction} of request targets (by a seeded hash of path and
 * query; default all), and of those only the first {@code times} requests for the same target (default 0:
 * every time) — so {@code times=2} is a transient fault a client with retries recovers from.
 */
public record Fault(Mode mode, double fraction, int times, Map<String, String> params) {

    public enum Mode {
        RESET("reset"), RESET_BODY("reset-body"), STALL("stall"), DRIP("drip"), TRUNCATE("truncate"),
        BAD_CHUNKED("bad-chunked"), STATUS("status"), BURST("burst");

        final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        static Mode named(String name) {
            for (Mode m : values()) {
                if (m.wireName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown fault mode '" + name
                    + "' (reset, reset-body, stall, drip, truncate, bad-chunked, status, burst)");
        }
    }

    public Fault {
        params = Map.copyOf(params);
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fault fraction must be within 0..1, got " + fraction);
        }
        if (times < 0) {
            throw new IllegalArgumentException("fault times must be >= 0, got " + times);
        }
    }

    /** Parses {@code mode[,name=value...]}. */
    public static Fault parse(String spec) {
        String[] parts = spec.split(",");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fault parameter '" + parts[i] + "' is not name=value");
            }
            params.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
        return of(parts[0].trim().toLowerCase(Locale.ROOT), params);
    }

    /** A fault from a mode name and its parameters (as from a query string). */
    public static Fault of(String mode, Map<String, String> params) {
        Map<String, String> rest = new LinkedHashMap<>(params);
        double fraction = number(rest.remove("fraction"), 1.0, "fraction");
        int times = (int) number(rest.remove("times"), 0, "times");
        return new Fault(Mode.named(mode), fraction, times, rest);
    }

    int intParam(String name, int fallback) {
        return (int) number(params.get(name), fallback, name);
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(params.get(name)) || "1".equals(params.get(name));
    }

    private static double number(String s, double fallback, String name) {
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault parameter " + name + "='" + s + "' is not a number");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(mode.wireName);
        if (fraction < 1) {
            sb.append(",fraction=").append(fraction);
        }
        if (times > 0) {
            sb.append(",times=").append(times);
        }
        params.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
        return sb.toString();
    }
}
