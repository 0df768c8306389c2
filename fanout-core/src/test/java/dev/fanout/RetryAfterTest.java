package dev.fanout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

    @Test
    void secondsAreAWaitFromNow() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"})
    void allThreeHttpDateFormsAreRead(String date) {
        assertThat(RetryAfter.parse(date, NOW)).contains(Duration.ofSeconds(37));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "12 seconds", "99999999999999999999", "Sun, 32 Nov 1994 08:49:37 GMT"})
    void garbageIsIgnored(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void theDateWeWriteIsTheDateWeRead() {
        Instant at = NOW.plusSeconds(90);
        assertThat(RetryAfter.parse(RetryAfter.httpDate(at), NOW)).contains(Duration.ofSeconds(90));
    }
}
