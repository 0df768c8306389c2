package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * APIs that enforce a windowed quota (the test server's {@code /quota/...} routes, one per convention): the
 * client reads their fields and paces each host, so that every request is answered with few over-quota
 * answers; a host that only answers 429 + Retry-After gets a learned rate. Counts are asserted, not times.
 */
@ExtendWith(LeakCheckExtension.class)
class QuotaPacingTest {
    private static final int N = 120;
    private static final int LIMIT = 40;

    private static List<Request> requests(TestServer server, String convention, String key, int n, int limit) {
        return IntStream.range(0, n).mapToObj(i -> Request.get(
                server.url("/quota/" + convention + "/" + i + "?limit=" + limit + "&window=1&key=" + key))).toList();
    }

    private static void everyRequestAnsweredWithFewOverQuota(String convention) {
        try (TestServer server = TestServer.builder().start();
             Fanout fanout = Fanout.builder().concurrency(20).keepBodies(false).build()) {
            List<Outcome> all = fanout.fetchAll(requests(server, convention, "k", N, LIMIT));
            assertThat(all).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
            long over = server.stats().counted("quota:over:" + convention);
            // 120 requests at 40 per 1 s window take 3 windows: a handful of refusals per window at most (resets
            // given in whole seconds are up to a second off, so a window's first requests may find it spent)
            assertThat(over).as("over-quota answers").isLessThanOrEqualTo(8L * N / LIMIT);
            assertThat(server.stats().counted("quota:ok:" + convention)).isEqualTo(N);
            assertThat(fanout.stats().quotas().values()).singleElement().asString().contains("paced by its");
        }
    }

    @Test
    void githubStyleFieldsAndIts403AreObeyed() {
        everyRequestAnsweredWithFewOverQuota("github");
    }

    @Test
    void ietfFieldsAreObeyed() {
        everyRequestAnsweredWithFewOverQuota("ietf");
    }

    @Test
    void theOlderThreeFieldsAreObeyed() {
        everyRequestAnsweredWithFewOverQuota("draft");
    }

    @Test
    void withTheFieldsIgnoredGithubs403sEndAsTheyCame() {
        try (TestServer server = TestServer.builder().start();
             Fanout fanout = Fanout.builder().concurrency(20).keepBodies(false).rateHeaders(false).build()) {
            List<Outcome> all = fanout.fetchAll(requests(server, "github", "ignored", 80, LIMIT));
            assertThat(all.stream().filter(o -> o.status() == 403).count()).as("as before: 403 is not retried").isGreaterThanOrEqualTo(80 - 2L * LIMIT);
            assertThat(fanout.stats().quotas()).isEmpty();
        }
    }

    /**
     * 429 + Retry-After and nothing else. What the client sent before the first refusal came back was sent
     * blind: of it, at most {@code concurrency} requests are refused (no more are in flight at once, and every
     * answer that let another start was one the quota counted), in the window the burst ran into and, when it
     * reached past that window's end, the next. After them the learned rate keeps refusals to a handful per
     * window. Every request is answered.
     */
    @Test
    void aHostThatOnlySays429GetsALearnedRate() {
        int n = 400;
        int limit = 80;
        int concurrency = 100;
        int handful = 8;
        try (TestServer server = TestServer.builder().start();
             Fanout fanout = Fanout.builder().concurrency(concurrency).keepBodies(false).build()) {
            List<Outcome> all = fanout.fetchAll(requests(server, "plain", "p", n, limit));
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            long over = server.stats().counted("quota:over:plain");
            int windows = n / limit;
            assertThat(over).as("over-quota answers").isLessThanOrEqualTo(concurrency + (long) handful * windows);
            // counted per window from the first that refused: 0 and 1 hold the blind burst
            for (int w = 2; w <= 3 * windows; w++) {
                assertThat(server.stats().counted("quota:over:plain:p:" + w)).as("over-quota answers in window %d", w)
                        .isLessThanOrEqualTo(handful);
            }
            assertThat(fanout.stats().quotas().values()).singleElement().asString().contains("learned");
        }
    }
}
