package dev.fanout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three conventions of rate-limit fields; malformed ones are ignored. */
class QuotaFieldsTest {
    private static final long NOW_MS = 1_800_000_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void ietfFieldsGiveRemainderResetAndPolicy() {
        QuotaFields f = QuotaFields.of(Headers.of("RateLimit-Policy", "\"burst\";q=100;w=60, \"day\";q=1000;w=86400",
                "RateLimit", "\"burst\";r=50;t=30"), NOW_MS);
        assertThat(f).isEqualTo(new QuotaFields(100, 50, 30 * S, 60 * S, "RateLimit"));
    }

    @Test
    void theOlderThreeFieldsAndTheDeFactoOnes() {
        assertThat(QuotaFields.of(Headers.of("RateLimit-Limit", "100, 100;w=60", "RateLimit-Remaining", "7", "RateLimit-Reset", "12"), NOW_MS))
                .isEqualTo(new QuotaFields(100, 7, 12 * S, -1, "RateLimit-Remaining"));
        // GitHub: the reset is a Unix time in seconds
        assertThat(QuotaFields.of(Headers.of("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(NOW_MS / 1000 + 42)), NOW_MS))
                .isEqualTo(new QuotaFields(5000, 0, 42 * S, -1, "X-RateLimit-Remaining"));
        // some APIs give seconds from now, others milliseconds since the epoch
        assertThat(QuotaFields.of(Headers.of("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "9"), NOW_MS).resetNanos()).isEqualTo(9 * S);
        assertThat(QuotaFields.of(Headers.of("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", Long.toString(NOW_MS + 1500)), NOW_MS)
                .resetNanos()).isEqualTo(1_500_000_000L);
    }

    @Test
    void malformedFieldsAreIgnored() {
        assertThat(QuotaFields.of(Headers.of("RateLimit", "\"burst\";r=lots;t=30"), NOW_MS)).isNull();
        assertThat(QuotaFields.of(Headers.of("RateLimit-Remaining", "-1"), NOW_MS)).isNull();
        assertThat(QuotaFields.of(Headers.of("X-RateLimit-Remaining", "12abc"), NOW_MS)).isNull();
        assertThat(QuotaFields.of(Headers.of("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", "soon"), NOW_MS))
                .isEqualTo(new QuotaFields(-1, 5, -1, -1, "X-RateLimit-Remaining"));
        // a broken IETF field falls back to the others
        assertThat(QuotaFields.of(Headers.of("RateLimit", "garbage", "X-RateLimit-Remaining", "4"), NOW_MS).remaining()).isEqualTo(4);
        assertThat(QuotaFields.of(Headers.empty(), NOW_MS)).isNull();
    }

    @Test
    void overQuotaIs429OrA403WithNothingLeft() {
        QuotaFields none = new QuotaFields(60, 0, S, -1, "X-RateLimit-Remaining");
        QuotaFields some = new QuotaFields(60, 3, S, -1, "X-RateLimit-Remaining");
        assertThat(QuotaFields.overQuota(429, null)).isTrue();
        assertThat(QuotaFields.overQuota(403, none)).isTrue();
        assertThat(QuotaFields.overQuota(403, some)).as("a 403 for another reason").isFalse();
        assertThat(QuotaFields.overQuota(403, null)).isFalse();
        assertThat(QuotaFields.overQuota(200, none)).isFalse();
    }
}
