package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fault the test server injects, met by the client's retries and timeouts: real sockets on loopback. */
@ExtendWith(LeakCheckExtension.class)
class ResilienceTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    /** Quick retries, so that a test of four attempts takes milliseconds. */
    private static final RetryPolicy FAST = RetryPolicy.DEFAULT.withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2, 0.5));

    private static Fanout client(RetryPolicy retry) {
        return Fanout.builder().retry(retry).timeout(Duration.ofSeconds(5)).build();
    }

    private static Outcome fetch(Fanout fanout, String path) {
        return fanout.fetch(Request.get(server.url(path))).join();
    }

    @Test
    void transientFaultsAreRecoveredWithinTheRetryBudget() {
        try (Fanout fanout = client(FAST)) {
            for (String mode : List.of("reset", "reset-body", "truncate", "bad-chunked")) {
                Outcome o = fetch(fanout, "/items/1?fault=" + mode + "&times=2");
                assertThat(o.status()).as(mode).isEqualTo(200);
                assertThat(o.bodyText()).as(mode).contains("\"id\":1");
                assertThat(o.attempts()).as(mode).isEqualTo(3);
                assertThat(o.lastError()).as(mode).isNotNull();
            }
        }
        assertThat(server.get().stats().counted("fault:reset")).isEqualTo(2);
    }

    @Test
    void permanentFaultsEndAsTheRightFailureAfterEveryAttempt() {
        try (Fanout fanout = client(FAST)) {
            Outcome reset = fetch(fanout, "/items/2?fault=reset");
            assertThat(reset.failure().kind()).isEqualTo(FailureKind.RESET);
            assertThat(reset.failure().message()).contains("before the response");
            assertThat(reset.attempts()).isEqualTo(4);
            assertThat(reset.lastError()).startsWith("reset: ");

            Outcome midBody = fetch(fanout, "/items/2?fault=reset-body");
            assertThat(midBody.failure().kind()).isEqualTo(FailureKind.RESET);

            Outcome truncated = fetch(fanout, "/items/2?fault=truncate");
            assertThat(truncated.failure().kind()).isEqualTo(FailureKind.RESET);
            assertThat(truncated.failure().message()).contains("closed after");

            Outcome chunked = fetch(fanout, "/items/2?fault=bad-chunked");
            assertThat(chunked.failure().kind()).isEqualTo(FailureKind.PROTOCOL);
            assertThat(chunked.attempts()).isEqualTo(4);
        }
    }

    @Test
    void aRequestSentAgainAfterAReusedConnectionWasResetCountsBothSendsButNotAgainstTheRetries() {
        try (Fanout fanout = Fanout.builder().retries(0).concurrency(1).timeout(Duration.ofSeconds(5)).build()) {
            assertThat(fetch(fanout, "/items/5").status()).isEqualTo(200); // leaves its connection kept alive
            long before = server.get().stats().get("/items/{id}").requests();

            // on the reused connection the server resets before answering; on a fresh one it answers
            Outcome o = fetch(fanout, "/items/6?fault=reset&times=1");

            long received = server.get().stats().get("/items/{id}").requests() - before;
            assertThat(received).as("the server received it twice").isEqualTo(2);
            assertThat(o.status()).as("with --retries 0: the re-send is not a retry").isEqualTo(200);
            assertThat(o.attempts()).as("attempts counts every send").isEqualTo(received);
            assertThat(o.lastError()).startsWith("reset: ").contains("reused connection").contains("sent again");
        }
    }

    @Test
    void aStatusOutsideTheRetrySetIsAnsweredOnce() {
        try (Fanout fanout = client(FAST)) {
            Outcome o = fetch(fanout, "/items/3?fault=status&status=500");
            assertThat(o.status()).isEqualTo(500);
            assertThat(o.attempts()).isEqualTo(1);
            Outcome gaveUp = fetch(fanout, "/items/3?fault=status&status=503");
            assertThat(gaveUp.status()).isEqualTo(503);
            assertThat(gaveUp.attempts()).isEqualTo(4);
            assertThat(gaveUp.lastError()).isEqualTo("503");
            assertThat(fanout.stats().retriesByReason()).containsEntry("503", 3L);
        }
    }

    @Test
    void aStalledServerTimesOutWaitingForTheFirstByte() {
        try (Fanout fanout = Fanout.builder().retries(0).firstByteTimeout(Duration.ofMillis(150)).build()) {
            Outcome o = fetch(fanout, "/items/4?fault=stall");
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(o.failure().message()).isEqualTo("timeout (first byte): no response within 150 ms of sending the request");
        }
    }

    @Test
    void aSlowDripTimesOutOnReadSilenceOrOnTheTotal() {
        try (Fanout fanout = Fanout.builder().retries(0).readTimeout(Duration.ofMillis(100)).build()) {
            Outcome o = fetch(fanout, "/items/5?fault=drip&ms=400");
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(o.failure().message()).startsWith("timeout (read): no data for 100 ms after ").endsWith(" body bytes");
        }
        try (Fanout fanout = Fanout.builder().retries(0).readTimeout(Duration.ofMillis(500))
                .timeout(Duration.ofMillis(300)).build()) {
            Outcome o = fetch(fanout, "/items/5?fault=drip&ms=20");
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(o.failure().message()).startsWith("timeout (total): attempt exceeded 300 ms reading the body (");
        }
    }

    @Test
    void aDripFasterThanTheReadTimeoutCompletes() {
        try (Fanout fanout = Fanout.builder().retries(0).readTimeout(Duration.ofMillis(500)).build()) {
            Outcome o = fetch(fanout, "/small?fault=drip&ms=2");
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bytes()).isEqualTo(100);
        }
    }

    @Test
    void retryAfterInSecondsAndAsADateIsWaitedFor() {
        try (Fanout fanout = client(FAST)) {
            long start = System.nanoTime();
            Outcome seconds = fetch(fanout, "/items/6?fault=status&status=429&retry_after=1&times=1");
            long secondsTook = System.nanoTime() - start;
            assertThat(seconds.status()).isEqualTo(200);
            assertThat(seconds.attempts()).isEqualTo(2);
            assertThat(seconds.lastError()).isEqualTo("429");
            assertThat(secondsTook).isGreaterThanOrEqualTo(Duration.ofMillis(950).toNanos());

            start = System.nanoTime();
            Outcome date = fetch(fanout, "/items/7?fault=status&status=503&retry_after=1&date=true&times=1");
            assertThat(date.status()).isEqualTo(200);
            assertThat(date.attempts()).isEqualTo(2);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(950).toNanos());
        }
    }

    @Test
    void maxRetryWaitClampsALongRetryAfter() {
        try (Fanout fanout = client(FAST.withMaxRetryWait(Duration.ofMillis(50)))) {
            Outcome o = fetch(fanout, "/items/8?fault=status&status=429&retry_after=3600&times=1");
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.attempts()).isEqualTo(2);
        }
    }

    @Test
    void nonIdempotentRequestsAreNotRetriedUnlessAsked() {
        Request post = Request.of("POST", server.url("/echo?fault=status&status=503&times=1"), "{}");
        try (Fanout fanout = client(FAST)) {
            Outcome o = fanout.fetch(post).join();
            assertThat(o.status()).isEqualTo(503);
            assertThat(o.attempts()).isEqualTo(1);
        }
        Request again = Request.of("POST", server.url("/echo?fault=status&status=503&times=1&n=2"), "{}");
        try (Fanout fanout = client(FAST.withRetryUnsafe(true))) {
            Outcome o = fanout.fetch(again).join();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.attempts()).isEqualTo(2);
        }
    }

    @Test
    void burstsOf5xxAreRiddenOutAndCountedByReason() {
        List<Request> requests = IntStream.range(0, 60)
                .mapToObj(i -> Request.get(server.url("/items/" + i + "?fault=burst&status=503&length=3&period=10")))
                .toList();
        try (Fanout fanout = Fanout.builder().concurrency(5).retry(FAST.withMaxRetries(10)).build()) {
            List<Outcome> all = fanout.fetchAll(requests);
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            long injected = server.get().stats().counted("fault:burst");
            assertThat(injected).isGreaterThanOrEqualTo(18);
            assertThat(fanout.stats().retriesByReason()).containsEntry("503", injected);
            assertThat(all.stream().mapToInt(Outcome::attempts).sum()).isEqualTo(60 + injected);
        }
    }

    @Test
    void aHostThatRefusesConnectionsIsGivenUpAndTheRestFailFast() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<Request> requests = IntStream.range(0, 20)
                .mapToObj(i -> Request.get("http://127.0.0.1:" + closedPort + "/" + i)).toList();
        try (Fanout fanout = Fanout.builder().concurrency(1).retries(0).deadHostAfter(3).build()) {
            List<Outcome> all = fanout.fetchAll(requests);
            assertThat(all.subList(0, 3)).allSatisfy(o -> assertThat(o.failure().kind()).isEqualTo(FailureKind.CONNECT));
            assertThat(all.subList(3, 20)).allSatisfy(o -> {
                assertThat(o.failure().kind()).isEqualTo(FailureKind.HOST_UNREACHABLE);
                assertThat(o.attempts()).isZero();
                assertThat(o.failure().message()).contains("given up after 3 connection failures in a row");
            });
            assertThat(fanout.stats().unreachableHosts()).containsOnlyKeys("http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void closingWhileRequestsWaitToBeRetriedCancelsThemWithOneOutcomeEach() {
        Fanout fanout = Fanout.builder().retry(RetryPolicy.DEFAULT.withBackoff(Backoff.startingAt(Duration.ofSeconds(30)))).build();
        var future = fanout.fetch(Request.get(server.url("/items/9?fault=status&status=503")));
        // the close must not wait out the 30 s backoff: the waiting retry is cancelled
        while (fanout.stats().retries() == 0) {
            Thread.onSpinWait();
        }
        fanout.close();
        Outcome o = future.join();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.CANCELLED);
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.lastError()).isEqualTo("503");
    }
}
