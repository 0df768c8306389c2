package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.testserver.Hiccups;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers that push back — a request quota answering 429, a concurrency cap answering 503 — met by the
 * client's rate limit, Retry-After pauses and adaptive concurrency. Bounds are stated in each test.
 */
@ExtendWith(LeakCheckExtension.class)
class PushBackTest {

    private static List<Request> items(TestServer server, int n) {
        return IntStream.range(0, n).mapToObj(i -> Request.get(server.url("/items/" + i))).toList();
    }

    /**
     * A client rate equal to the quota: every request succeeds, the achieved rate is the quota's (it cannot be
     * higher: the bucket spaces starts 1/R apart), and no request is refused. Time the machine did not give
     * this process (a loaded CI box) is taken out of the run's time before the rate is judged, so that the rate
     * is held to the same bounds however busy the machine is.
     */
    @Test
    void aRateEqualToTheQuotaFinishesEveryInputWithoutRefusals() {
        int rate = 100;
        int n = 250;
        try (TestServer server = TestServer.builder().quota(rate).start();
             Fanout fanout = Fanout.builder().concurrency(50).rate(RateLimit.perSecond(rate)).build()) {
            List<Outcome> all;
            double seconds;
            double stolen;
            try (Hiccups hiccups = Hiccups.start()) {
                long start = System.nanoTime();
                all = fanout.fetchAll(items(server, n));
                seconds = (System.nanoTime() - start) / 1e9;
                stolen = hiccups.stolenSeconds();
            }
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            assertThat(server.stats().counted("refused:quota")).isZero();
            // never faster than the quota, whatever the load (a busy machine only makes it slower)
            assertThat(n / seconds).isLessThanOrEqualTo(rate * 1.02);
            // and not slower than the quota allows, in the time this process was given
            assertThat(n / Math.max(seconds - stolen, (n - 1.0) / rate)).as("stolen %.2f s of %.2f s", stolen, seconds)
                    .isGreaterThan(rate * 0.7);
        }
    }

    /**
     * No client rate, only retries: the first 429 with Retry-After pauses the whole host, so refusals stay
     * bounded — at most the requests in flight when each pause began, i.e. concurrency × (pauses), and the
     * pauses are at most one per second of quota (n / R).
     */
    @Test
    void withoutARateRetryAfterPausesKeepRefusalsBounded() {
        int rate = 200;
        int n = 600;
        int concurrency = 20;
        try (TestServer server = TestServer.builder().quota(rate).start();
             Fanout fanout = Fanout.builder().concurrency(concurrency).retries(10).build()) {
            List<Outcome> all = fanout.fetchAll(items(server, n));
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            long refused = server.stats().counted("refused:quota");
            assertThat(refused).isLessThanOrEqualTo((long) concurrency * (n / rate));
            assertThat(fanout.stats().retriesByReason().getOrDefault("429", 0L)).isEqualTo(refused);
        }
    }

    /**
     * A server that answers 503 beyond K requests in flight: adaptive concurrency settles near K — the limit
     * ends between K/2 and K+2 — and the 503s stay under 10% of the requests.
     */
    @Test
    void adaptiveConcurrencySettlesNearTheServersCapWithFewRejections() {
        int cap = 12;
        int n = 1500;
        try (TestServer server = TestServer.builder().maxInFlight(cap).latency(Duration.ofMillis(20)).start();
             Fanout fanout = Fanout.builder().concurrency(200).adaptive(AdaptiveLimit.DEFAULT).retries(10).build()) {
            List<Outcome> all = fanout.fetchAll(items(server, n));
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            ClientStats.HostLimit limit = fanout.stats().adaptiveLimits().get(server.baseUrl());
            assertThat(limit.current()).isBetween(cap / 2, cap + 2);
            assertThat(limit.decreases()).isPositive();
            assertThat(server.stats().counted("refused:capacity")).isLessThan(n / 10);
            assertThat(server.stats().peakInFlight()).isLessThanOrEqualTo(cap);
        }
    }

    /** The same server without adaptive concurrency: 200 requests at once, most of them refused. */
    @Test
    void withoutAdaptiveConcurrencyTheSameServerRefusesMost() {
        int cap = 12;
        try (TestServer server = TestServer.builder().maxInFlight(cap).latency(Duration.ofMillis(20)).start();
             Fanout fanout = Fanout.builder().concurrency(200).retries(0).build()) {
            List<Outcome> all = fanout.fetchAll(items(server, 400));
            assertThat(all.stream().filter(o -> o.status() == 503).count()).isGreaterThan(200);
        }
    }
}
