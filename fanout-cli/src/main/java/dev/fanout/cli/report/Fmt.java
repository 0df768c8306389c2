package dev.fanout.cli.report;

import java.util.Locale;

/** Number formatting for progress and summaries. */
public final class Fmt {
    private Fmt() {
    }

    /** A size in bytes for people: {@code 900 B}, {@code 512.0 KiB}, {@code 64.0 MiB}, {@code 1.5 GiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return fixed(v, 1) + " " + units[u];
    }

    public static String count(long n) {
        return grouped(Long.toString(n));
    }

    public static String rate(double perSecond) {
        return perSecond >= 100 ? grouped(fixed(perSecond, 0)) : fixed(perSecond, 1);
    }

    public static String millis(double ms) {
        return ms >= 100 ? fixed(ms, 0) : fixed(ms, 2);
    }

    public static String seconds(double s) {
        return (s >= 10 ? fixed(s, 1) : fixed(s, 2)) + " s";
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour; without {@code String.format} (see {@link #fixed}). */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? s / 3600 + ":" + twoDigits(s / 60 % 60) + ":" + twoDigits(s % 60)
                : s / 60 + ":" + twoDigits(s % 60);
    }

    /** {@code n} (0–99) with a leading zero below 10. */
    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /** {@code n} right-aligned in {@code width} columns, as {@code %Nd} writes it. */
    public static String padded(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : " ".repeat(width - digits.length()) + digits;
    }

    /**
     * {@code String.format(Locale.ROOT, "%.Nf", v)}, digit for digit: {@code v}'s shortest decimal
     * ({@link Double#toString}) rounded half up to {@code decimals} places. Written out because the first
     * {@code String.format} of a run sets up the JDK's locale data (~15 ms), and a summary is the last thing a run
     * prints before it exits.
     */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v) || v < 0 || decimals < 0) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int dot = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(mantissa.length() + decimals + 2).append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int point = dot + (e < 0 ? 0 : Integer.parseInt(s.substring(e + 1))); // digits before the decimal point
        while (point < 1) { // 1.5E-5: 0.000015
            digits.insert(0, '0');
            point++;
        }
        while (digits.length() < point + decimals + 1) {
            digits.append('0');
        }
        boolean up = digits.charAt(point + decimals) >= '5';
        digits.setLength(point + decimals);
        for (int i = digits.length() - 1; up && i >= 0; i--) {
            char c = digits.charAt(i);
            up = c == '9';
            digits.setCharAt(i, up ? '0' : (char) (c + 1));
        }
        if (up) {
            digits.insert(0, '1');
            point++;
        }
        int lead = 0;
        while (lead < point - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        String whole = digits.substring(lead, point);
        return decimals == 0 ? whole : whole + "." + digits.substring(point);
    }

    /** Digits with a comma between each group of three, as {@code %,d} writes them. */
    private static String grouped(String digits) {
        int start = digits.startsWith("-") ? 1 : 0;
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3);
        for (int i = 0; i < digits.length(); i++) {
            if (i > start && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }
}
