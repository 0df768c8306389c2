package dev.fanout.proxy;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.Request;
import dev.fanout.internal.net.NoProxy;
import dev.fanout.internal.proxy.ProxyRouter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proxy URLs, no-proxy rules, the environment as curl reads it, and how the router picks and takes out proxies. */
class ProxyConfigTest {

    @Test
    void proxyUrlsParseAsCurlTakesThem() {
        Proxy p = Proxy.parse("http://us%40er:p%3Ass@Proxy.Corp:3128/");
        assertThat(p.scheme()).isEqualTo(Proxy.Scheme.HTTP);
        assertThat(p.host()).isEqualTo("proxy.corp");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.user()).isEqualTo("us@er");
        assertThat(p.password()).isEqualTo("p:ss");
        assertThat(p.toString()).isEqualTo("http://***@proxy.corp:3128").isEqualTo(p.redacted());
        assertThat(Proxy.parse("proxy.corp").port()).as("no scheme: HTTP on curl's 1080").isEqualTo(1080);
        assertThat(Proxy.parse("https://p").port()).isEqualTo(443);
        assertThat(Proxy.parse("socks5h://[::1]:1080").redacted()).isEqualTo("socks5h://[::1]:1080");
        assertThat(Proxy.parse("socks5://p:1").resolvesNames()).isFalse();
        assertThat(Proxy.parse("socks5h://p:1").resolvesNames()).isTrue();
    }

    @Test
    void aProxyHostIsReadAsARequestsHostIs() {
        // one spelling of a host: an IPv6 literal in its shortest form, a name in lower case and punycode
        assertThat(Proxy.parse("socks5h://[0:0:0:0:0:0:0:1]:1080").host()).isEqualTo("::1");
        assertThat(Proxy.parse("http://Proxy.Corp").host()).isEqualTo("proxy.corp");
        assertThat(Proxy.parse("http://bücher.example:3128").host()).isEqualTo("xn--bcher-kva.example");
        assertThat(Proxy.parse("socks5://[::1]").port()).isEqualTo(1080);
    }

    @Test
    void aBadProxyUrlSaysWhatIsWrongWithoutItsPassword() {
        assertThatThrownBy(() -> Proxy.parse("ftp://u:hunter2@p:21")).hasMessage("proxy 'ftp://***@p:21': unsupported scheme 'ftp' (http, https, socks5 or socks5h)");
        assertThatThrownBy(() -> Proxy.parse("http://u:hunter2@p:99999")).hasMessageContaining("invalid port 99999").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Proxy.parse("http://p:8080/path")).hasMessageContaining("a proxy URL has no path");
        assertThatThrownBy(() -> Proxy.parse("http://:8080")).hasMessageContaining("no host");
    }

    @Test
    void noProxyMatchesNamesTheirSubdomainsIpsAndNetworks() {
        NoProxy rules = NoProxy.of(NoProxy.split("example.com, .corp.example ,10.0.0.0/8 192.168.1.7,[::1],localhost:8080"));
        assertThat(rules.matches("example.com")).isTrue();
        assertThat(rules.matches("api.example.com")).isTrue();
        assertThat(rules.matches("badexample.com")).isFalse();
        assertThat(rules.matches("corp.example")).isTrue();
        assertThat(rules.matches("a.b.corp.example")).isTrue();
        assertThat(rules.matches("10.2.3.4")).isTrue();
        assertThat(rules.matches("11.2.3.4")).isFalse();
        assertThat(rules.matches("192.168.1.7")).isTrue();
        assertThat(rules.matches("::1")).isTrue();
        assertThat(rules.matches("localhost")).isTrue();
        assertThat(rules.matches("other.test")).isFalse();
        assertThat(NoProxy.of(List.of("*")).matches("anything.test")).isTrue();
        assertThatThrownBy(() -> NoProxy.of(List.of("10.0.0.0/99"))).hasMessageContaining("prefix");
    }

    @Test
    void theEnvironmentIsReadAsCurlReadsIt() {
        ProxyConfig c = ProxyConfig.fromEnvironment(Map.of("http_proxy", "http://a:1", "HTTP_PROXY", "http://ignored:1",
                "ALL_PROXY", "socks5h://all:1", "no_proxy", "localhost,.internal", "NO_PROXY", "ignored.test"));
        assertThat(c.http()).containsExactly(Proxy.parse("http://a:1"));
        assertThat(c.https()).as("all_proxy when the scheme's own is unset").containsExactly(Proxy.parse("socks5h://all:1"));
        assertThat(c.noProxy()).containsExactly("localhost", ".internal");

        ProxyConfig upper = ProxyConfig.fromEnvironment(Map.of("HTTP_PROXY", "http://up:1", "HTTPS_PROXY", "https://s:2"));
        assertThat(upper.http()).containsExactly(Proxy.parse("http://up:1"));
        assertThat(upper.https()).containsExactly(Proxy.parse("https://s:2"));

        ProxyConfig cgi = ProxyConfig.fromEnvironment(Map.of("HTTP_PROXY", "http://evil:1", "REQUEST_METHOD", "GET"));
        assertThat(cgi.enabled()).as("httpoxy: HTTP_PROXY is not used in a CGI program").isFalse();
        assertThat(ProxyConfig.fromEnvironment(Map.of("http_proxy", " "))).isEqualTo(ProxyConfig.NONE);
        assertThatThrownBy(() -> ProxyConfig.fromEnvironment(Map.of("https_proxy", "gopher://x")))
                .hasMessageStartingWith("https_proxy: proxy 'gopher://x'");
    }

    private static Outcome proxyFailure() {
        return Outcome.builder(Request.get("http://t.test/")).failure(Failure.beforeSend(FailureKind.PROXY, "proxy refused"))
                .elapsedNanos(1).build();
    }

    private static Outcome ok() {
        return Outcome.builder(Request.get("http://t.test/")).status(200).elapsedNanos(1).build();
    }

    @Test
    void theRouterTakesTurnsSkipsFullProxiesAndTakesOutOneThatFailsInARow() {
        Proxy a = Proxy.parse("http://a:1");
        Proxy b = Proxy.parse("http://b:1");
        ProxyRouter r = ProxyRouter.of(ProxyConfig.of(List.of(a, b)).withPerProxy(1).withFailAfter(2));
        int first = r.choose(false, "t.test", "http://t.test", -1);
        r.started(first);
        int second = r.choose(false, "t.test", "http://t.test", -1);
        r.started(second);
        assertThat(List.of(r.proxy(first), r.proxy(second))).containsExactly(a, b);
        assertThat(r.choose(false, "t.test", "http://t.test", -1)).as("both at their cap").isEqualTo(ProxyRouter.FULL);
        assertThat(r.finished(first, proxyFailure())).isFalse();
        assertThat(r.choose(false, "t.test", "http://t.test", first)).as("avoids the proxy that just failed").isEqualTo(ProxyRouter.FULL);
        r.started(r.choose(false, "t.test", "http://t.test", -1));
        assertThat(r.finished(first, proxyFailure())).as("two in a row").isTrue();
        assertThat(r.takenOut()).containsOnlyKeys("http://a:1");
        r.finished(second, ok());
        assertThat(r.proxy(r.choose(false, "t.test", "http://t.test", -1))).isEqualTo(b);
        assertThat(ProxyRouter.of(ProxyConfig.NONE)).isNull();
    }

    @Test
    void perHostRotationIsStableAndNoProxyHostsGoDirect() {
        ProxyConfig config = ProxyConfig.of(List.of(Proxy.parse("http://a:1"), Proxy.parse("http://b:1"), Proxy.parse("http://c:1")))
                .withRotation(ProxyConfig.Rotation.PER_HOST).withNoProxy(List.of("direct.test"));
        ProxyRouter r = ProxyRouter.of(config);
        int chosen = r.choose(true, "h.test", "https://h.test", -1);
        for (int i = 0; i < 10; i++) {
            assertThat(r.choose(true, "h.test", "https://h.test", -1)).isEqualTo(chosen);
        }
        assertThat(r.choose(true, "direct.test", "https://direct.test", -1)).isEqualTo(ProxyRouter.DIRECT);
        assertThat(r.choose(false, "www.direct.test", "http://www.direct.test", -1)).isEqualTo(ProxyRouter.DIRECT);
        ProxyRouter httpsOnly = ProxyRouter.of(new ProxyConfig(List.of(), List.of(Proxy.parse("http://a:1")), List.of(),
                ProxyConfig.Rotation.PER_REQUEST, 0, 0));
        assertThat(httpsOnly.choose(false, "h.test", "http://h.test", -1)).isEqualTo(ProxyRouter.DIRECT);
        assertThat(httpsOnly.choose(true, "h.test", "https://h.test", -1)).isZero();
    }
}
