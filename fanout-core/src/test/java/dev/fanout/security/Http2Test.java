package dev.fanout.security;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 over TLS, chosen by ALPN: spoken when the server offers it, over one shared connection, with the
 * per-host limit bounding the streams as it bounds HTTP/1.1 connections.
 */
@ExtendWith(LeakCheckExtension.class)
class Http2Test {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    private TestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir, "h2", "ip:127.0.0.1,dns:localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<Outcome> fetchAll(Fanout.Builder builder, int n) {
        List<Request> requests = IntStream.range(0, n).mapToObj(i -> Request.get(server.url("/items/" + i))).toList();
        try (Fanout fanout = builder.tls(new TlsSettings(certs.certificate(), false)).build()) {
            return fanout.stream(requests.iterator()).toList();
        }
    }

    @Test
    void aServerOfferingH2GetsEveryRequestOnOneConnectionWithinThePerHostLimit() {
        server = TestServer.builder().tls(certs).http2(100).latency(Duration.ofMillis(20)).start();

        List<Outcome> outcomes = fetchAll(Fanout.builder().concurrency(50).perHost(5), 200);

        assertThat(outcomes).hasSize(200).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        assertThat(server.stats().counted("protocol:h2")).as("requests served over HTTP/2").isEqualTo(200);
        assertThat(server.stats().connectionsAccepted()).as("one shared connection").isEqualTo(1);
        assertThat(server.stats().peakInFlight()).as("streams at once").isEqualTo(5);
    }

    @Test
    void requestBodiesLargerThanTheirWindowsShareOneConnectionAndEachArrivesWhole() {
        server = TestServer.builder().tls(certs).http2(100).start();
        // 12 bodies of 256 KiB at once: each four times a stream's first window, together more than the
        // connection's, so every one is sent in turns as the server's WINDOW_UPDATEs come back
        int n = 12;
        int size = 256 * 1024;
        List<Request> posts = IntStream.range(0, n).mapToObj(i -> new Request("POST", server.url("/echo?i=" + i),
                dev.fanout.Headers.of(), String.valueOf((char) ('a' + i)).repeat(size).getBytes(), java.util.Map.of())).toList();

        List<Outcome> outcomes;
        try (Fanout fanout = Fanout.builder().concurrency(n).perHost(n).retries(0).keepBodies(true)
                .tls(new TlsSettings(certs.certificate(), false)).build()) {
            outcomes = fanout.fetchAll(posts);
        }

        assertThat(outcomes).hasSize(n);
        for (Outcome o : outcomes) {
            assertThat(o.status()).as(o.errorText()).isEqualTo(200);
            String own = String.valueOf((char) ('a' + o.index())).repeat(size);
            assertThat(o.bodyText()).as("echo of body %d", o.index()).contains("\"body\":\"" + own + "\"}");
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(n);
        assertThat(server.stats().connectionsAccepted()).as("one shared connection").isEqualTo(1);
    }

    @Test
    void theServersStreamLimitIsRespectedByOpeningMoreConnections() {
        server = TestServer.builder().tls(certs).http2(3).latency(Duration.ofMillis(20)).start();

        List<Outcome> outcomes = fetchAll(Fanout.builder().concurrency(12).perHost(12).retries(0), 120);

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).as(o.errorText()).isEqualTo(200);
            assertThat(o.attempts()).isEqualTo(1);
        });
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(120);
        assertThat(server.stats().connectionsAccepted()).as("12 streams at 3 per connection").isBetween(4L, 12L);
        assertThat(server.stats().peakInFlight()).isLessThanOrEqualTo(12);
    }

    @Test
    void http1OnlyWhenAskedFor() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = Fanout.builder().tls(new TlsSettings(certs.certificate(), false).withHttp2(false)).build()) {
            assertThat(fanout.fetch(Request.get(server.url("/items/1"))).join().status()).isEqualTo(200);
        }
        assertThat(server.stats().counted("protocol:h2")).isZero();
        assertThat(server.stats().totalRequests()).isEqualTo(1);
    }

    @Test
    void aTlsServerWithoutH2IsSpokenToOverHttp1WithAConnectionPerRequestInFlight() {
        server = TestServer.builder().tls(certs).latency(Duration.ofMillis(20)).start();

        List<Outcome> outcomes = fetchAll(Fanout.builder().concurrency(8).perHost(8), 80);

        assertThat(outcomes).hasSize(80).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        assertThat(server.stats().counted("protocol:h2")).isZero();
        assertThat(server.stats().connectionsAccepted()).isGreaterThan(1).isLessThanOrEqualTo(8);
    }

    @Test
    void bodiesHeadersAndPostsTravelOverStreams() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = Fanout.builder().keepBodies(true).tls(new TlsSettings(certs.certificate(), false)).build()) {
            Outcome item = fanout.fetch(Request.get(server.url("/items/7"))).join();
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.bodyText()).contains("\"id\":7");
            assertThat(item.headers().get("content-type")).isEqualTo("application/json");
            assertThat(item.headers().get("x-http2-stream-id")).as("the server's fields only").isNull();
            assertThat(item.headers().get(":status")).isNull();

            Outcome echo = fanout.fetch(new Request("POST", server.url("/echo"), dev.fanout.Headers.of("X-Token", "abc"),
                    "{\"q\":1}".getBytes(), java.util.Map.of())).join();
            assertThat(echo.status()).isEqualTo(200);
            assertThat(echo.bodyText()).contains("POST").contains("abc").contains("{\\\"q\\\":1}");
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(2);
    }
}
