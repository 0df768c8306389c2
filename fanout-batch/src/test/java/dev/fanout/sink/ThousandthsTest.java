package dev.fanout.sink;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A number of thousandths reads as Double.toString writes the same value, or is left to it. */
class ThousandthsTest {
    private static String written(long n) {
        char[] out = new char[Thousandths.MAX_CHARS];
        int length = Thousandths.write(n, out);
        return length < 0 ? null : new String(out, 0, length);
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
    void powersOfTenAndNegativesAreLeftToDoubles() {
        assertThat(written(10_000_000_000L)).as("Double.toString writes 1.0E7").isNull();
        assertThat(written(-1)).isNull();
    }
}
