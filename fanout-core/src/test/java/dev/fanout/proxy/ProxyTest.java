package dev.fanout.proxy;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.Request;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestProxy;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests through an in-process HTTP proxy ({@link TestProxy}) that counts what it is asked: absolute-form
 * requests with keep-alive to the proxy, CONNECT tunnels with the target's certificate checked end to end, HTTP/2
 * inside a tunnel, TLS to the proxy, credentials, lists with a dead proxy, per-proxy caps, rotation per host,
 * no-proxy hosts and redirects.
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(60)
class ProxyTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TestServer http;
    static TestServer https;
    static TestServer h2;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.generate(dir, "shop", "ip:127.0.0.1,dns:localhost,dns:shop.test,dns:xn--bcher-kva.test");
        http = TestServer.builder().start();
        https = TestServer.builder().tls(certs).start();
        h2 = TestServer.builder().tls(certs).http2(100).latency(Duration.ofMillis(20)).start();
    }

    @AfterAll
    static void stop() {
        http.close();
        https.close();
        h2.close();
    }

    private static Fanout client(ProxyConfig proxies, int concurrency) {
        return Fanout.builder().proxy(proxies).concurrency(concurrency).retries(0)
                .tls(new TlsSettings(certs.certificate(), false)).build();
    }

    private static List<Outcome> fetchAll(ProxyConfig proxies, int concurrency, List<String> urls) {
        try (Fanout f = client(proxies, concurrency)) {
            return f.fetchAll(urls.stream().map(Request::get).toList());
        }
    }

    private static List<String> urls(TestServer server, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(server.url("/items/" + i));
        }
        return out;
    }

    @Test
    void httpTargetsGoToTheProxyInAbsoluteFormOverOneKeptAliveConnection() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            Proxy p = Proxy.parse(proxy.url(null));
            List<Outcome> all = fetchAll(ProxyConfig.of(p), 1, urls(http, 20));
            assertThat(all).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(200);
                assertThat(o.proxy()).isEqualTo(p);
            });
            assertThat(proxy.requests()).isEqualTo(20);
            assertThat(proxy.tunnels()).as("no CONNECT for http targets").isZero();
            assertThat(proxy.connections()).as("keep-alive to the proxy").isEqualTo(1);
            assertThat(proxy.targets().get(0)).isEqualTo("GET " + http.url("/items/1"));
        }
    }

    @Test
    void httpsTargetsGoThroughOneConnectTunnelWithTheCertificateCheckedEndToEnd() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            ProxyConfig config = ProxyConfig.of(Proxy.parse(proxy.url(null)));
            List<Outcome> all = fetchAll(config, 1, urls(https, 5));
            assertThat(all).extracting(Outcome::status).containsOnly(200);
            assertThat(proxy.tunnels()).as("one tunnel, kept alive").isEqualTo(1);
            assertThat(proxy.targets()).containsExactly("CONNECT 127.0.0.1:" + https.port());
            long before = https.stats().totalRequests();
            try (Fanout untrusting = Fanout.builder().proxy(config).retries(0).build()) {
                Outcome o = untrusting.fetch(Request.get(https.url("/items/1"))).join();
                assertThat(o.failure().kind()).as("the proxy does not vouch for the target").isEqualTo(FailureKind.TLS);
            }
            assertThat(https.stats().totalRequests()).isEqualTo(before);
        }
    }

    @Test
    void http2RunsInsideATunnel() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            List<Outcome> all = fetchAll(ProxyConfig.of(Proxy.parse(proxy.url(null))), 10, urls(h2, 30));
            assertThat(all).extracting(Outcome::status).containsOnly(200);
            assertThat(h2.stats().counted("protocol:h2")).isEqualTo(30);
            assertThat(proxy.tunnels()).as("one shared HTTP/2 connection through the tunnel").isEqualTo(1);
        }
    }

    @Test
    void anHttpsProxyIsSpokenToOverTls() throws Exception {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT.withTls(certs.serverContext().build()))) {
            Proxy p = Proxy.parse(proxy.url(null));
            assertThat(p.scheme()).isEqualTo(Proxy.Scheme.HTTPS);
            List<Outcome> all = fetchAll(ProxyConfig.of(p), 2, List.of(http.url("/items/1"), https.url("/items/2")));
            assertThat(all).extracting(Outcome::status).containsExactly(200, 200);
            assertThat(proxy.requests()).isEqualTo(1);
            assertThat(proxy.tunnels()).isEqualTo(1);
        }
    }

    @Test
    void credentialsGoAsProxyAuthorizationAndWrongOnesFailAsProxyWithoutShowingThem() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT.withCredentials("ann", "s3cret"))) {
            List<String> targets = List.of(http.url("/items/1"), https.url("/items/2"));
            assertThat(fetchAll(ProxyConfig.of(Proxy.parse(proxy.url("ann:s3cret"))), 2, targets))
                    .extracting(Outcome::status).containsExactly(200, 200);
            long httpBefore = http.stats().totalRequests();
            long httpsBefore = https.stats().totalRequests();
            List<Outcome> refused = fetchAll(ProxyConfig.of(Proxy.parse(proxy.url("ann:wrong"))), 2, targets);
            assertThat(refused).allSatisfy(o -> {
                assertThat(o.failure().kind()).isEqualTo(FailureKind.PROXY);
                assertThat(o.failure().message()).contains("407").contains("http://***@127.0.0.1:" + proxy.port())
                        .doesNotContain("wrong");
                assertThat(o.failure().retrySafe()).isTrue();
                assertThat(o.proxy().toString()).doesNotContain("wrong");
            });
            assertThat(refused.get(1).failure().message()).contains("CONNECT 127.0.0.1:" + https.port());
            assertThat(http.stats().totalRequests() + https.stats().totalRequests()).isEqualTo(httpBefore + httpsBefore);
        }
    }

    @Test
    void aDeadProxyInAListIsTakenOutAndItsRequestsGoThroughTheOthers() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (TestProxy live = TestProxy.start(TestProxy.Options.DEFAULT)) {
            Proxy dead = Proxy.parse("http://127.0.0.1:" + deadPort);
            Proxy alive = Proxy.parse(live.url(null));
            ProxyConfig config = ProxyConfig.of(List.of(dead, alive)).withFailAfter(2);
            List<String> urls = urls(http, 40);
            try (Fanout f = Fanout.builder().proxy(config).concurrency(4)
                    .retry(dev.fanout.RetryPolicy.DEFAULT.withBackoff(dev.fanout.Backoff.startingAt(Duration.ofMillis(1))))
                    .build()) {
                List<Outcome> all = f.fetchAll(urls.stream().map(Request::get).toList());
                assertThat(all).hasSize(40).allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(200);
                    assertThat(o.proxy()).isEqualTo(alive);
                });
                assertThat(all).extracting(o -> o.request().url()).containsExactlyElementsOf(urls);
                assertThat(all.stream().mapToInt(Outcome::attempts).max().orElseThrow()).isLessThanOrEqualTo(2);
                Map<String, String> out = f.stats().proxiesTakenOut();
                assertThat(out).containsOnlyKeys(dead.redacted());
                assertThat(out.get(dead.redacted())).contains("taken out after 2 failures in a row").contains("refused");
            }
            assertThat(live.requests()).isEqualTo(40);
        }
    }

    @Test
    void whenEveryProxyIsTakenOutTheRestFailFastAsProxy() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ProxyConfig config = ProxyConfig.of(Proxy.parse("socks5h://127.0.0.1:" + deadPort)).withFailAfter(3);
        List<Outcome> all = fetchAll(config, 1, urls(http, 10));
        assertThat(all).hasSize(10).allSatisfy(o -> assertThat(o.failure().kind()).isEqualTo(FailureKind.PROXY));
        assertThat(all.subList(3, 10)).allSatisfy(o -> {
            assertThat(o.failure().message()).startsWith("every proxy was taken out");
            assertThat(o.attempts()).isZero();
        });
    }

    @Test
    void perProxyCapsTheRequestsInFlightThroughEachProxy() {
        TestServer slow = TestServer.builder().latency(Duration.ofMillis(40)).start();
        try (slow; TestProxy a = TestProxy.start(TestProxy.Options.DEFAULT); TestProxy b = TestProxy.start(TestProxy.Options.DEFAULT)) {
            ProxyConfig config = ProxyConfig.of(List.of(Proxy.parse(a.url(null)), Proxy.parse(b.url(null)))).withPerProxy(3);
            List<Outcome> all = fetchAll(config, 20, urls(slow, 36));
            assertThat(all).extracting(Outcome::status).containsOnly(200);
            assertThat(a.peakInFlight()).isBetween(1, 3);
            assertThat(b.peakInFlight()).isBetween(1, 3);
            assertThat(slow.stats().peakInFlight()).as("both proxies full at once").isGreaterThan(3).isLessThanOrEqualTo(6);
            assertThat(a.requests() + b.requests()).isEqualTo(36);
        }
    }

    @Test
    void perHostRotationSendsEachOriginThroughOneProxy() {
        try (TestProxy a = TestProxy.start(TestProxy.Options.DEFAULT); TestProxy b = TestProxy.start(TestProxy.Options.DEFAULT)) {
            ProxyConfig config = ProxyConfig.of(List.of(Proxy.parse(a.url(null)), Proxy.parse(b.url(null))))
                    .withRotation(ProxyConfig.Rotation.PER_HOST);
            List<String> urls = new ArrayList<>(urls(http, 10));
            urls.addAll(urls(http, 10).stream().map(u -> u.replace("127.0.0.1", "localhost")).toList());
            urls.addAll(urls(https, 10));
            Map<String, Set<Proxy>> byOrigin = fetchAll(config, 4, urls).stream().collect(Collectors.groupingBy(
                    o -> o.request().url().replaceAll("/items/.*", ""), Collectors.mapping(Outcome::proxy, Collectors.toSet())));
            assertThat(byOrigin).hasSize(3).allSatisfy((origin, proxies) -> assertThat(proxies).hasSize(1));
            assertThat(a.requests() + a.tunnels() + b.requests() + b.tunnels()).isGreaterThan(0);
        }
    }

    @Test
    void noProxyHostsConnectDirectly() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            ProxyConfig config = ProxyConfig.of(Proxy.parse(proxy.url(null))).withNoProxy(List.of("127.0.0.0/8"));
            List<Outcome> all = fetchAll(config, 2, List.of(http.url("/items/1"), http.url("/items/2").replace("127.0.0.1", "localhost")));
            assertThat(all).extracting(Outcome::status).containsExactly(200, 200);
            assertThat(all.get(0).proxy()).isNull();
            assertThat(all.get(1).proxy()).isNotNull();
            assertThat(proxy.targets()).containsExactly("GET " + http.url("/items/2").replace("127.0.0.1", "localhost"));
        }
    }

    @Test
    void namesAreGivenToTheProxyUnresolvedAndRedirectsFollowThroughIt() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            // shop.test does not resolve here: only the proxy (which sends it to loopback) can reach it
            String start = "http://shop.test:" + http.port() + "/redirect/2";
            String secure = "https://shop.test:" + https.port() + "/items/7";
            List<Outcome> all = fetchAll(ProxyConfig.of(Proxy.parse(proxy.url(null))), 2, List.of(start, secure));
            assertThat(all).extracting(Outcome::status).containsExactly(200, 200);
            assertThat(all.get(0).redirects()).isEqualTo(2);
            assertThat(proxy.targets()).contains("GET " + start, "CONNECT shop.test:" + https.port());
            assertThat(proxy.requests()).isEqualTo(3);
        }
    }

    @Test
    void internationalNamesAreSentInPunycodeAndRecordsKeepTheUrlAsGiven() {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            String plain = "http://bücher.test:" + http.port() + "/echo";
            String secure = "https://BÜCHER.test:" + https.port() + "/echo";
            try (Fanout f = client(ProxyConfig.of(Proxy.parse(proxy.url(null))), 2)) {
                List<Outcome> all = f.fetchAll(List.of(Request.get(plain), Request.get(secure)));
                assertThat(all).extracting(Outcome::status).containsExactly(200, 200);
                assertThat(all).extracting(o -> o.request().url()).containsExactly(plain, secure);
                assertThat(all.get(0).bodyText()).contains("\"host\":\"xn--bcher-kva.test:" + http.port() + "\"");
                assertThat(all.get(1).bodyText()).as("Host and the certificate's name (SNI) in punycode")
                        .contains("\"host\":\"xn--bcher-kva.test:" + https.port() + "\"");
            }
            assertThat(proxy.targets()).containsExactlyInAnyOrder("GET http://xn--bcher-kva.test:" + http.port() + "/echo",
                    "CONNECT xn--bcher-kva.test:" + https.port());
        }
    }

    @Test
    void perHostLimitsAndBlockedNetworksStillApplyToTheTargetHost() {
        TestServer slow = TestServer.builder().latency(Duration.ofMillis(30)).start();
        try (slow; TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT);
             Fanout f = Fanout.builder().proxy(ProxyConfig.of(Proxy.parse(proxy.url(null)))).concurrency(20).perHost(2).retries(0).build()) {
            List<Outcome> all = f.fetchAll(urls(slow, 12).stream().map(Request::get).toList());
            assertThat(all).extracting(Outcome::status).containsOnly(200);
            assertThat(slow.stats().peakInFlight()).as("the target's per-host limit").isLessThanOrEqualTo(2);

            String toMetadata = slow.url("/redirect-to?url=" + java.net.URLEncoder.encode("http://169.254.169.254/latest/",
                    java.nio.charset.StandardCharsets.UTF_8));
            Outcome refused = f.fetch(Request.get(toMetadata)).join();
            assertThat(refused.failure().kind()).isEqualTo(FailureKind.REDIRECT);
            assertThat(refused.failure().message()).contains("link-local or metadata address refused");
            assertThat(proxy.targets()).noneMatch(t -> t.startsWith("GET http://169.254"));
        }
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT);
             Fanout f = Fanout.builder().proxy(ProxyConfig.of(Proxy.parse(proxy.url(null)))).blockNetwork("127.0.0.1/32").retries(0).build()) {
            String toLiteral = http.url("/redirect-to?url=").replace("127.0.0.1", "localhost")
                    + java.net.URLEncoder.encode(http.url("/items/1"), java.nio.charset.StandardCharsets.UTF_8);
            Outcome blocked = f.fetch(Request.get(toLiteral)).join();
            assertThat(blocked.failure().kind()).as(blocked.toString()).isEqualTo(FailureKind.BLOCKED);
            assertThat(blocked.failure().message()).startsWith("127.0.0.1 is in the blocked network 127.0.0.1/32");
            assertThat(proxy.targets()).as("only the input went through the proxy").hasSize(1);
        }
    }

    @Test
    void aTargetTheProxyCannotReachIsAProxyFailureThatDoesNotTakeTheProxyOut() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            ProxyConfig config = ProxyConfig.of(Proxy.parse(proxy.url(null))).withFailAfter(1);
            List<Outcome> all = fetchAll(config, 1, List.of("https://127.0.0.1:" + closed + "/", "https://127.0.0.1:" + closed + "/x",
                    https.url("/items/1")));
            assertThat(all.get(0).failure().kind()).isEqualTo(FailureKind.PROXY);
            assertThat(all.get(0).failure().message()).isEqualTo("proxy " + proxy.url(null).replace("http://", "http://")
                    + " answered CONNECT 127.0.0.1:" + closed + " with 502 Bad Gateway: the proxy could not reach the target");
            assertThat(all.get(2).status()).as("the proxy was not taken out").isEqualTo(200);
        }
    }
}
