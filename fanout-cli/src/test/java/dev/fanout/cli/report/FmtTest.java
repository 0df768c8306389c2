package dev.fanout.cli.report;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Fmt} writes what {@code String.format(Locale.ROOT, …)} wrote, digit for digit. */
class FmtTest {
    private static final double[] EDGES = {0, 0.005, 0.045, 0.125, 0.5, 0.95, 0.995, 0.9995, 1.005, 1.5, 2.5, 4.35, 9.95, 9.995,
        10, 99.5, 99.995, 100, 999.5, 1023.95, 1e-10, 1.5e-5, 1e7, 9999999.5, 123456789.5, 1e20};

    @Test
    void fixedDecimalsAsFormatWritesThem() {
        Random random = new Random(19);
        for (int i = 0; i < 50_000 + EDGES.length; i++) {
            double v = i < EDGES.length ? EDGES[i] : switch (i % 4) {
                case 0 -> random.nextDouble() * 1000;
                case 1 -> Math.round(random.nextDouble() * 100_000) / 1000.0;
                case 2 -> random.nextDouble() * 1e9;
                default -> Math.pow(10, random.nextDouble() * 20 - 10);
            };
            for (int decimals = 0; decimals <= 2; decimals++) {
                assertThat(Fmt.fixed(v, decimals)).as("%s to %d places", v, decimals)
                        .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        }
    }

    @Test
    void countsRatesAndSizesAsFormatWroteThem() {
        for (long n : new long[]{0, 5, 999, 1000, 1_234_567, -1, -999, -1000, -1_234_567, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(Fmt.count(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        for (double r : new double[]{0, 0.05, 99.94, 99.96, 100, 408.3, 999.5, 27_322.4, 1_234_567.5}) {
            assertThat(Fmt.rate(r)).isEqualTo(r >= 100 ? String.format(Locale.ROOT, "%,.0f", r) : String.format(Locale.ROOT, "%.1f", r));
        }
        assertThat(Fmt.millis(148.5)).isEqualTo("149");
        assertThat(Fmt.millis(0.125)).isEqualTo("0.13");
        assertThat(Fmt.seconds(0.494)).isEqualTo("0.49 s");
        assertThat(Fmt.seconds(12.25)).isEqualTo("12.3 s");
        assertThat(Fmt.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Fmt.bytes(64L << 20)).isEqualTo("64.0 MiB");
        assertThat(Fmt.bytes(900)).isEqualTo("900 B");
    }

    @Test
    void clocksAndPaddedNumbersAsFormatWroteThem() {
        for (long s = 0; s < 90_000; s += 7) {
            String expected = s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
            assertThat(Fmt.clock(s)).as("%d s", s).isEqualTo(expected);
        }
        assertThat(Fmt.clock(59.6)).as("rounded").isEqualTo("1:00");
        assertThat(Fmt.clock(-3)).as("never negative").isEqualTo("0:00");
        for (long n : new long[]{0, 5, 42, 100, 1234}) {
            assertThat(Fmt.padded(n, 3)).isEqualTo(String.format(Locale.ROOT, "%3d", n));
        }
    }
}
