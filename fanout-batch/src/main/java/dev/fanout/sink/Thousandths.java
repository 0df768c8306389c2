package dev.fanout.sink;

/**
 * A whole number of thousandths written as {@code Double.toString(n / 1000.0)} writes it ({@code 114.114},
 * {@code 2.5}, {@code 2.0}, {@code 0.001}), without making the double or the string: a record's
 * {@code elapsed_ms} (microseconds) is one, and formatting it as a double was ~3% of a small response's CPU.
 * The two agree because such a decimal is the shortest that names its double, which is what
 * {@code Double.toString} writes, in plain notation from 0.001 up to 10⁷.
 */
final class Thousandths {
    /** From here on {@code Double.toString} writes powers of ten (1.0E7). */
    private static final long PLAIN_BELOW = 10_000_000_000L;
    /** Room for the longest, a long's thousandths in powers of ten: -9.223372036854776E15. */
    static final int MAX_CHARS = 24;

    private Thousandths() {
    }

    /** Writes {@code n / 1000} into {@code out} (of {@link #MAX_CHARS} at least) from 0; returns its length. */
    static int write(long n, char[] out) {
        if (n < 0 || n >= PLAIN_BELOW) {
            String text = Double.toString(n / 1000.0); // never an elapsed time: not worth digits of our own
            text.getChars(0, text.length(), out, 0);
            return text.length();
        }
        long whole = n / 1000;
        int frac = (int) (n % 1000);
        int at = digits(whole, out, 0);
        out[at++] = '.';
        out[at++] = (char) ('0' + frac / 100);
        if (frac % 100 != 0) {
            out[at++] = (char) ('0' + frac / 10 % 10);
            if (frac % 10 != 0) {
                out[at++] = (char) ('0' + frac % 10);
            }
        }
        return at;
    }

    private static int digits(long v, char[] out, int at) {
        int len = 1;
        for (long t = v; t >= 10; t /= 10) {
            len++;
        }
        for (int i = at + len - 1; i >= at; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }
}
