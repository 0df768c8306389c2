package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.testserver.Hiccups;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against the real mock API on loopback: no mocked transport. */
@ExtendWith(LeakCheckExtension.class)
class FanoutTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static List<Request> delays(int... millis) {
        return IntStream.of(millis).mapToObj(ms -> Request.get(server.url("/delay/" + ms))).toList();
    }

    @Test
    void fetchReturnsTheResponseWithBodyAndHeaders() {
        try (Fanout fanout = Fanout.create()) {
            Outcome o = fanout.fetch(Request.get(server.url("/items/42"))).join();
            assertThat(o.hasResponse()).isTrue();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bodyText()).contains("\"id\":42");
            assertThat(o.bytes()).isEqualTo(o.body().length);
            assertThat(o.headers().get("content-type")).isEqualTo("application/json");
            assertThat(o.attempts()).isEqualTo(1);
        }
    }

    @Test
    void anHttpErrorStatusIsAResponseNotAFailure() {
        try (Fanout fanout = Fanout.create()) {
            Outcome o = fanout.fetch(Request.get(server.url("/status/503"))).join();
            assertThat(o.failure()).isNull();
            assertThat(o.status()).isEqualTo(503);
            assertThat(o.isSuccessful()).isFalse();
        }
    }

    @Test
    void fetchAllKeepsInputOrderWhileStreamGivesCompletionOrder() {
        List<Request> requests = delays(400, 200, 0);
        try (Fanout fanout = Fanout.create()) {
            assertThat(fanout.fetchAll(requests)).extracting(Outcome::index).containsExactly(0L, 1L, 2L);
            try (Stream<Outcome> s = fanout.stream(requests.iterator())) {
                assertThat(s.map(Outcome::index).toList()).containsExactly(2L, 1L, 0L);
            }
        }
    }

    @Test
    void neverMoreInFlightThanTheConcurrencyLimit() {
        try (Fanout fanout = Fanout.builder().concurrency(8).build()) {
            List<Outcome> all = fanout.fetchAll(delays(IntStream.generate(() -> 50).limit(40).toArray()));
            assertThat(all).allMatch(Outcome::isSuccessful);
        }
        assertThat(server.get().stats().get("/delay/{ms}").peakInFlight()).isEqualTo(8);
    }

    @Test
    void perHostLimitIsObservedAtEachServer() {
        try (TestServer other = TestServer.builder().start();
             Fanout fanout = Fanout.builder().concurrency(20).perHost(3).build()) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                requests.add(Request.get(server.url("/delay/50")));
                requests.add(Request.get(other.url("/delay/50")));
            }
            assertThat(fanout.fetchAll(requests)).allMatch(Outcome::isSuccessful);
            assertThat(server.get().stats().peakInFlight()).isEqualTo(3);
            assertThat(other.stats().peakInFlight()).isEqualTo(3);
        }
    }

    @Test
    void connectionsAreKeptAliveAndReused() {
        try (Fanout fanout = Fanout.builder().concurrency(1).build()) {
            List<Request> requests = IntStream.range(0, 50).mapToObj(i -> Request.get(server.url("/items/" + i))).toList();
            assertThat(fanout.fetchAll(requests)).allMatch(Outcome::isSuccessful);
        }
        assertThat(server.get().stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Fanout fanout = Fanout.builder().retries(0).build()) {
            Outcome o = fanout.fetch(Request.get("http://127.0.0.1:" + closedPort + "/")).join();
            assertThat(o.status()).isZero();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.CONNECT);
            assertThat(o.failure().retrySafe()).isTrue();
            assertThat(o.failure().message()).contains("refused");
        }
    }

    @Test
    void aSlowResponseIsATimeoutThatNamesThePhase() {
        try (Fanout fanout = Fanout.builder().timeout(Duration.ofMillis(200)).retries(0).build();
             Hiccups hiccups = Hiccups.start()) {
            Outcome o = fanout.fetch(Request.get(server.url("/delay/3000"))).join();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(o.failure().message()).isEqualTo("timeout (total): attempt exceeded 200 ms waiting for the response");
            // never before the limit; after it by at most 2.3 s of the time this process was given
            assertThat(o.elapsedMillis()).isGreaterThanOrEqualTo(150.0)
                    .isLessThanOrEqualTo(2500.0 + hiccups.stolenMillis());
        }
    }

    @Test
    void malformedUrlsAndHeadersFailWithoutBeingSent() {
        try (Fanout fanout = Fanout.create()) {
            List<Outcome> all = fanout.fetchAll(List.of(
                    Request.get("http://exa mple.com/"),
                    Request.get("ftp://example.com/"),
                    Request.get("example.com/page"),
                    Request.get(server.url("/items/1")).withHeader("X-Bad", "a\r\nInjected: yes"),
                    Request.get(server.url("/items/2"))));
            assertThat(all).extracting(o -> o.hasResponse() ? "200" : o.failure().kind().wireName())
                    .containsExactly("invalid_url", "invalid_url", "invalid_url", "invalid_input", "200");
            assertThat(all.get(2).failure().message()).contains("http://");
        }
        assertThat(server.get().stats().totalRequests()).isEqualTo(1);
    }

    @Test
    void requestMethodHeadersAndBodyReachTheServer() {
        try (Fanout fanout = Fanout.builder().defaultHeader("X-Default", "d").build()) {
            Outcome o = fanout.fetch(Request.of("POST", server.url("/echo?q=1"), "hello").withHeader("X-Test", "t")).join();
            assertThat(o.bodyText())
                    .contains("\"method\":\"POST\"", "\"uri\":\"/echo?q=1\"", "\"x-test\":\"t\"", "\"x-default\":\"d\"",
                            "\"content-length\":\"5\"", "\"body\":\"hello\"");
        }
    }

    @Test
    void theBodysRealLengthReplacesAContentLengthHeaderGivenByTheUser() {
        try (Fanout fanout = Fanout.create()) {
            Outcome o = fanout.fetch(Request.of("POST", server.url("/echo"), "hello").withHeader("Content-Length", "999")).join();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bodyText()).contains("\"content-length\":\"5\"").doesNotContain("999");
        }
    }

    @Test
    void streamPullsRequestsOnlyAsCapacityFrees() {
        AtomicLong pulled = new AtomicLong();
        Iterator<Request> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Request next() {
                return Request.get(server.url("/items/" + pulled.incrementAndGet()));
            }
        };
        try (Fanout fanout = Fanout.builder().concurrency(4).streamBuffer(8).build();
             Stream<Outcome> s = fanout.stream(endless)) {
            Iterator<Outcome> it = s.iterator();
            for (int i = 0; i < 100; i++) {
                assertThat(it.next().isSuccessful()).isTrue();
                // at most concurrency + buffer requests between the source and the consumer, plus one being pulled
                assertThat(pulled.get()).isLessThanOrEqualTo(i + 1 + 12 + 1);
            }
        }
    }

    @Test
    void manyVirtualThreadsCanShareOneClient() throws Exception {
        try (Fanout fanout = Fanout.builder().concurrency(16).build();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String url = server.url("/items/" + i);
                futures.add(CompletableFuture.supplyAsync(() -> fanout.fetch(Request.get(url)).join(), threads));
            }
            for (CompletableFuture<Outcome> f : futures) {
                assertThat(f.get().isSuccessful()).isTrue();
            }
        }
        assertThat(server.get().stats().get("/items/{id}").requests()).isEqualTo(300);
        assertThat(server.get().stats().peakInFlight()).isLessThanOrEqualTo(16);
    }

    @Test
    void closingTheClientCancelsWhatIsInFlight() {
        CompletableFuture<Outcome> pending;
        try (Fanout fanout = Fanout.create()) {
            pending = fanout.fetch(Request.get(server.url("/delay/10000")));
        }
        Outcome o = pending.join();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.CANCELLED);
    }
}
