package dev.fanout.security;

import dev.fanout.Backoff;
import dev.fanout.ClientStats;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.RetryPolicy;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a response on an HTTP/2 stream goes through, as on an HTTP/1.1 connection: compressed bodies inflated
 * within the body limit, bodies held back by the memory budget (the stream's flow control stops the server
 * meanwhile) or set aside, responses that end with their head, streams the server resets, and streams the client
 * gives up on — reset, their slots on the connection free for the next requests.
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(60)
class Http2StreamsTest {
    private static final int MIB = 1 << 20;
    @TempDir
    static Path dir;
    static TestCertificates certs;
    private TestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir, "h2-streams", "ip:127.0.0.1,dns:localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Fanout.Builder client() {
        return Fanout.builder().tls(new TlsSettings(certs.certificate(), false));
    }

    private List<Request> large(int n, int size, boolean chunked) {
        return IntStream.range(0, n)
                .mapToObj(i -> Request.get(server.url("/large/" + size + "?i=" + i + (chunked ? "&chunked=true" : ""))))
                .toList();
    }

    private static void everyOneWhole(List<Outcome> outcomes, int n, int size) {
        assertThat(outcomes).hasSize(n).allSatisfy(o -> {
            assertThat(o.failure()).as("%s", o).isNull();
            assertThat(o.body()).as("kept body of %s", o.request().url()).hasSize(size);
        });
        assertThat(outcomes).extracting(Outcome::index).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br"})
    void aCompressedBodyIsInflatedAndABombStopsAtTheBodyLimit(String encoding) {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().maxBodyBytes(8 * MIB).keepBodies(true).build()) {
            Outcome o = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/4"))).join();
            assertThat(o.status()).as("%s", o).isEqualTo(200);
            assertThat(o.body()).hasSize(4 * MIB).containsOnly(0);
        }
        try (Fanout fanout = client().maxBodyBytes(MIB).retries(0).build()) {
            Outcome bomb = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/64"))).join();
            assertThat(bomb.failure()).as("64 MiB inflated from about 64 KiB").isNotNull();
            assertThat(bomb.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(2);
    }

    @Test
    void bodiesWaitingForMemoryHoldTheirStreamsOnOneConnectionAndAllArriveWhole() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().concurrency(20).perHost(20).maxMemory(4 * MIB).build()) {
            List<Outcome> outcomes = fanout.fetchAll(large(30, MIB, false));

            everyOneWhole(outcomes, 30, MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.waits()).as("20 streams, room for 4 bodies: bodies waited").isPositive();
            assertThat(memory.peak()).isLessThanOrEqualTo(4L * MIB);
            assertThat(memory.reserved()).isZero();
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(30);
        assertThat(server.stats().connectionsAccepted()).as("every stream on one connection").isEqualTo(1);
    }

    @Test
    void chunkedBodiesThatFillTheBudgetTogetherAreSetAsideAndSentAgainOnNewStreams() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().concurrency(12).perHost(12).maxMemory(3 * MIB).retries(0).build()) {
            List<Outcome> outcomes = fanout.fetchAll(large(24, 2 * MIB, true));

            everyOneWhole(outcomes, 24, 2 * MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.setAside()).as("12 bodies of 2 MiB at once in 3 MiB: some gave way").isPositive();
            assertThat(memory.reserved()).isZero();
        }
        assertThat(server.stats().connectionsAccepted()).as("a stream set aside is reset, not its connection").isEqualTo(1);
    }

    @Test
    void responsesThatEndWithTheirHeadComplete() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().keepBodies(true).build()) {
            Outcome head = fanout.fetch(new Request("HEAD", server.url("/items/3"), Headers.empty(), new byte[0], Map.of())).join();
            Outcome noContent = fanout.fetch(Request.get(server.url("/status/204"))).join();

            assertThat(head.status()).as("%s", head).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(noContent.status()).as("%s", noContent).isEqualTo(204);
            assertThat(noContent.body()).isEmpty();
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(2);
    }

    @Test
    void aStreamTheServerResetsBeforeAnsweringIsSentAgain() {
        server = TestServer.builder().tls(certs).http2(100).start();
        List<Request> requests = IntStream.range(0, 20)
                .mapToObj(i -> Request.get(server.url("/items/" + i + "?fault=reset&times=1"))).toList();

        try (Fanout fanout = client().concurrency(5).perHost(5)
                .retry(RetryPolicy.DEFAULT.withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2, 0.5))).build()) {
            List<Outcome> outcomes = fanout.fetchAll(requests);

            assertThat(outcomes).hasSize(20).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(200);
                assertThat(o.attempts()).as("reset once, then answered").isEqualTo(2);
                assertThat(o.lastError()).contains("reset");
            });
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(40);
    }

    @Test
    void streamsThatTimeOutAreResetAndTheirSlotsServeTheNextRequests() {
        // the server allows two streams at once: a slot not given back would show as a second connection
        server = TestServer.builder().tls(certs).http2(2).start();
        List<Request> requests = new ArrayList<>();
        IntStream.range(0, 6).forEach(i -> requests.add(Request.get(server.url("/items/" + i + "?fault=stall"))));
        IntStream.range(0, 10).forEach(i -> requests.add(Request.get(server.url("/items/" + i))));

        try (Fanout fanout = client().concurrency(2).perHost(2).retries(0).timeout(Duration.ofMillis(300)).build()) {
            List<Outcome> outcomes = fanout.fetchAll(requests);

            assertThat(outcomes.subList(0, 6)).allSatisfy(o -> {
                assertThat(o.failure()).as("%s", o).isNotNull();
                assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            });
            assertThat(outcomes.subList(6, 16)).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
        }
        assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
    }
}
