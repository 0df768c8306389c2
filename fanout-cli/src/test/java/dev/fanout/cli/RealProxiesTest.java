package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.RealProxy;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanout get} through real proxies started by the test: tinyproxy (absolute-form HTTP, CONNECT, Basic
 * auth) and microsocks (SOCKS5, with and without user/password). Skipped, saying why, when they are not
 * installed ({@code ./test} installs them when it can).
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(120)
class RealProxiesTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TestServer http;
    static TestServer https;
    static RealProxy tinyproxy;
    static RealProxy microsocks;
    static RealProxy microsocksAuth;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealProxy.missing().isEmpty(), () -> "skipped: " + RealProxy.missing().orElseThrow());
        certs = TestCertificates.generate(dir, "target", "ip:127.0.0.1,dns:localhost");
        http = TestServer.builder().start();
        https = TestServer.builder().tls(certs).http2(100).start();
        tinyproxy = RealProxy.tinyproxy(dir, "ann", "s3cret");
        microsocks = RealProxy.microsocks(null, null);
        microsocksAuth = RealProxy.microsocks("bob", "pa55");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{tinyproxy, microsocks, microsocksAuth, http, https}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    private static String tiny(String userInfo) {
        return "http://" + userInfo + "@127.0.0.1:" + tinyproxy.port();
    }

    private static CliRun get(Map<String, String> env, String... args) {
        String[] base = {"get", "--retries", "0", "--cacert", certs.certificate().toString()};
        return CliRun.withEnv(env, "", CliRun.concat(base, args));
    }

    @Test
    void tinyproxyTakesHttpInAbsoluteFormAndHttpsThroughConnectWithTheCertificateCheckedEndToEnd() {
        CliRun run = get(Map.of(), "-x", tiny("ann:s3cret"), http.url("/items/1"), https.url("/items/2"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).allSatisfy(r -> {
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("proxy").asText()).isEqualTo("http://***@127.0.0.1:" + tinyproxy.port());
        });
        assertThat(tinyproxy.awaitLog("GET " + http.url("/items/1"))).as(tinyproxy.log().toString()).isTrue();
        assertThat(tinyproxy.awaitLog("CONNECT 127.0.0.1:" + https.port())).isTrue();
        assertThat(run.err()).contains("fanout: requests through proxy http://***@127.0.0.1:" + tinyproxy.port() + " (--proxy)")
                .doesNotContain("s3cret");
        assertThat(run.out()).doesNotContain("s3cret");

        CliRun untrusted = CliRun.of("get", "-q", "--retries", "0", "-x", tiny("ann:s3cret"), https.url("/items/3"));
        assertThat(untrusted.records().get(0).get("error").asText()).as("the proxy does not vouch for the target").isEqualTo("tls");
    }

    @Test
    void aWrongPasswordIsTheProxysFailureAndIsNeverShown() {
        CliRun run = get(Map.of(), "-x", tiny("ann:wr0ng"), http.url("/items/1"), https.url("/items/2"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        List<JsonNode> records = run.records();
        assertThat(records).allSatisfy(r -> assertThat(r.get("error").asText()).isEqualTo("proxy"));
        // tinyproxy answers a wrong password with 401 (and no password with 407)
        assertThat(records).extracting(r -> r.get("message").asText()).allSatisfy(m -> assertThat(m).contains("401"));
        assertThat(run.out() + run.err()).doesNotContain("wr0ng");

        CliRun none = get(Map.of(), "-x", "http://127.0.0.1:" + tinyproxy.port(), http.url("/items/1"));
        assertThat(none.records().get(0).get("message").asText()).contains("407").contains("give user:pass@");
    }

    @Test
    void socks5ResolvesNamesHereAndSocks5hLetsTheProxyResolveThem() {
        String local = http.url("/items/1").replace("127.0.0.1", "localhost");
        CliRun here = get(Map.of(), "-x", "socks5://127.0.0.1:" + microsocks.port(), local);
        assertThat(here.records().get(0).get("status").asInt()).as(here.out()).isEqualTo(200);
        assertThat(microsocks.awaitLog("connected to 127.0.0.1:" + http.port())).as(microsocks.log().toString()).isTrue();
        assertThat(microsocks.log()).noneMatch(l -> l.contains("connected to localhost"));

        CliRun there = get(Map.of(), "-x", "socks5h://127.0.0.1:" + microsocks.port(), local, https.url("/items/2").replace("127.0.0.1", "localhost"));
        assertThat(there.records()).extracting(r -> r.get("status").asInt()).containsOnly(200);
        assertThat(microsocks.awaitLog("connected to localhost:" + http.port())).isTrue();
        assertThat(microsocks.awaitLog("connected to localhost:" + https.port())).isTrue();
    }

    @Test
    void socks5UserAndPasswordAreSentAndARefusalIsTheProxysFailure() {
        CliRun ok = get(Map.of(), "-x", "socks5h://bob:pa55@127.0.0.1:" + microsocksAuth.port(), http.url("/items/1"), https.url("/items/2"));
        assertThat(ok.records()).extracting(r -> r.get("status").asInt()).containsOnly(200);
        assertThat(ok.records().get(0).get("proxy").asText()).isEqualTo("socks5h://***@127.0.0.1:" + microsocksAuth.port());

        CliRun wrong = get(Map.of(), "-x", "socks5h://bob:nope@127.0.0.1:" + microsocksAuth.port(), http.url("/items/1"));
        assertThat(wrong.records().get(0).get("error").asText()).isEqualTo("proxy");
        assertThat(wrong.records().get(0).get("message").asText()).contains("refused the SOCKS5 user name or password");
        assertThat(wrong.out() + wrong.err()).doesNotContain("nope");
    }

    @Test
    void theEnvironmentIsReadAsCurlReadsItWithNoProxyAndProxyEmptyIgnoringIt() {
        String direct = http.url("/items/770005").replace("127.0.0.1", "localhost");
        String proxied = http.url("/items/6");
        Map<String, String> env = Map.of("http_proxy", tiny("ann:s3cret"), "HTTPS_PROXY", "socks5h://127.0.0.1:" + microsocks.port(),
                "NO_PROXY", "localhost,.internal.example");
        CliRun run = get(env, direct, proxied, https.url("/items/7"));
        assertThat(run.records()).extracting(r -> r.get("status").asInt()).containsOnly(200);
        assertThat(run.records()).extracting(r -> r.get("proxy").isNull() ? "direct" : r.get("proxy").asText())
                .containsExactlyInAnyOrder("direct", "http://***@127.0.0.1:" + tinyproxy.port(), "socks5h://127.0.0.1:" + microsocks.port());
        assertThat(tinyproxy.awaitLog("GET " + proxied)).isTrue();
        assertThat(microsocks.awaitLog("connected to 127.0.0.1:" + https.port())).isTrue();
        assertThat(tinyproxy.log()).noneMatch(l -> l.contains("/items/770005"));
        assertThat(run.err()).contains("fanout: http:// requests through proxy http://***@127.0.0.1:" + tinyproxy.port()
                + ", https:// requests through proxy socks5h://127.0.0.1:" + microsocks.port()
                + " (from http_proxy, HTTPS_PROXY); direct to localhost,.internal.example");

        CliRun ignored = get(env, "-x", "", http.url("/items/8"));
        assertThat(ignored.records().get(0).has("proxy")).isFalse();
        assertThat(ignored.err()).doesNotContain("through proxy");

        // in a CGI program HTTP_PROXY may come from the client's Proxy: header ("httpoxy"): not used
        CliRun cgi = get(Map.of("HTTP_PROXY", "http://127.0.0.1:1", "REQUEST_METHOD", "GET"), http.url("/items/9"));
        assertThat(cgi.records().get(0).get("status").asInt()).isEqualTo(200);
        CliRun upper = get(Map.of("HTTP_PROXY", tiny("ann:s3cret")), http.url("/items/10"));
        assertThat(upper.records().get(0).get("proxy").asText()).contains(":" + tinyproxy.port());
    }

    @Test
    void aDeadProxyInAListIsTakenOutAndEveryRecordIsStillRight() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Path list = dir.resolve("proxies.txt");
        Files.writeString(list, "# three proxies, one dead\nhttp://127.0.0.1:" + dead + "\n" + tiny("ann:s3cret") + "\n\n"
                + "socks5://127.0.0.1:" + microsocks.port() + "\n");
        String ids = String.join("\n", java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).toList()) + "\n";
        CliRun run = CliRun.withStdin(ids, "get", "--proxy-list", list.toString(), "--proxy-fail-after", "2", "--backoff", "1ms",
                "-c", "4", "--ordered", http.url("/items/{}"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = run.records();
        assertThat(records).hasSize(30);
        for (int i = 0; i < 30; i++) {
            JsonNode r = records.get(i);
            assertThat(r.get("url").asText()).isEqualTo(http.url("/items/" + (i + 1)));
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("proxy").asText()).doesNotContain(":" + dead);
        }
        assertThat(run.err()).contains("proxy http://127.0.0.1:" + dead + " taken out after 2 failures in a row")
                .contains("fanout: requests through proxies http://127.0.0.1:" + dead);
    }

    @Test
    void aJobAndACookieJarWorkThroughAProxyWithoutKeepingItsPassword() throws Exception {
        Path job = dir.resolve("proxied-job.db");
        Path out = dir.resolve("proxied.jsonl");
        Path jar = dir.resolve("proxied-cookies.txt");
        String login = https.url("/set-cookie?c=" + java.net.URLEncoder.encode("sid=j4r; Path=/; Secure", java.nio.charset.StandardCharsets.UTF_8));
        CliRun first = get(Map.of(), "-q", "-x", tiny("ann:s3cret"), "--job", job.toString(), "-o", out.toString(),
                "--cookie-jar", jar.toString(), login);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(jar)).contains("\tsid\tj4r");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("proxied")).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("s3cret");
            }
        }
        CliRun again = get(Map.of(), "-q", "-x", tiny("ann:s3cret"), "--job", job.toString(), "-o", out.toString(),
                "--cookie-jar", jar.toString(), login);
        assertThat(again.exitCode()).as("the same command (credentials redacted alike): nothing left to do").isEqualTo(ExitCode.OK);
        assertThat(Files.readAllLines(out)).hasSize(1);

        CliRun withJar = get(Map.of(), "-x", "socks5h://127.0.0.1:" + microsocks.port(), "--cookie-jar", jar.toString(),
                https.url("/echo"), "-e", "cookie=$.headers.cookie");
        assertThat(withJar.records().get(0).get("fields").get("cookie").asText()).isEqualTo("sid=j4r");
    }
}
