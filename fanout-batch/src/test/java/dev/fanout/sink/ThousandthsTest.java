package dev.fanout.sink;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A number of thousandths reads as Double.toString writes the same value. */
class ThousandthsTest {
    private static String written(long n) {
        char[] out = new char[Thousandths.MAX_CHARS];
        return new String(out, 0, Thousandths.write(n, out));
    }

    @Test
    void everyValueReadsAsDoubleToStringWritesIt() {
        for (long n = 0; n < 2_000_000; n++) {
            if (!Double.toString(n / 1000.0).equals(written(n))) {
                assertThat(written(n)).as("%d thousandths", n).isEqualTo(Double.toString(n / 1000.0));
            }
        }
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 1_000_000; i++) {
            long n = random.nextLong(10_000_000_000L);
            if (!Double.toString(n / 1000.0).equals(written(n))) {
                assertThat(written(n)).as("%d thousandths", n).isEqualTo(Double.toString(n / 1000.0));
            }
        }
        assertThat(written(9_999_999_999L)).isEqualTo("9999999.999").isEqualTo(Double.toString(9_999_999.999));
    }

    @Test
    void powersOfTenAndNegativesReadAsDoubleToStringWritesThemToo() {
        for (long n : new long[] {10_000_000_000L, 12_345_678_901L, Long.MAX_VALUE, -1, -2500, Long.MIN_VALUE}) {
            assertThat(written(n)).as("%d thousandths", n).isEqualTo(Double.toString(n / 1000.0));
        }
        assertThat(written(10_000_000_000L)).isEqualTo("1.0E7");
    }
}
