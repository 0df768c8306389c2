package dev.fanout.security;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.crawl.Scope;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.Site;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a name resolves is checked, not only how it is written: with 127.0.0.1/32 blocked (standing in for
 * 169.254.169.254, which a test must not send to), {@code localhost} reached by a redirect or a crawled link
 * is refused before any connection, while inputs and hosts the scope names still get there.
 */
@ExtendWith(LeakCheckExtension.class)
class BlockedNetworksTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static Fanout client() {
        return Fanout.builder().blockNetwork("127.0.0.1/32").retries(0).build();
    }

    private static String viaLocalhost(String path) {
        return server.url(path).replace("127.0.0.1", "localhost");
    }

    private static String redirectTo(String url) {
        return server.url("/redirect-to?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
    }

    @Test
    void anInputMayGoToItsOwnHostWhereverItResolves() {
        try (Fanout fanout = client()) {
            assertThat(fanout.fetch(Request.get(viaLocalhost("/items/1"))).join().status()).isEqualTo(200);
            // and so may its redirects that stay on that host
            assertThat(fanout.fetch(Request.get(viaLocalhost("/redirect/2"))).join().status()).isEqualTo(200);
        }
    }

    @Test
    void aRedirectToANameThatResolvesIntoABlockedNetworkIsRefusedBeforeConnecting() {
        long before = server.get().stats().get("/items/{id}").requests();
        try (Fanout fanout = client()) {
            Outcome o = fanout.fetch(Request.get(redirectTo(viaLocalhost("/items/1")))).join();

            assertThat(o.failure()).isNotNull();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.BLOCKED);
            assertThat(o.failure().message()).contains("localhost resolves to 127.0.0.1").contains("127.0.0.1/32");
            assertThat(o.failure().requestSent()).isFalse();
        }
        assertThat(server.get().stats().get("/items/{id}").requests()).as("nothing reached the target").isEqualTo(before);
    }

    @Test
    void aConnectionKeptAliveForAnInputIsNotReusedByARedirectThatMayNotGoThere() {
        try (Fanout fanout = client()) {
            assertThat(fanout.fetch(Request.get(viaLocalhost("/items/1"))).join().status()).isEqualTo(200);
            long before = server.get().stats().get("/items/{id}").requests();

            Outcome o = fanout.fetch(Request.get(redirectTo(viaLocalhost("/items/1")))).join();

            assertThat(o.failure()).isNotNull();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.BLOCKED);
            assertThat(server.get().stats().get("/items/{id}").requests()).as("nothing reached the target").isEqualTo(before);
        }
    }

    @Test
    void aRedirectToAnAddressWrittenAsALiteralInABlockedNetworkIsRefusedToo() {
        String toLiteral = viaLocalhost("/redirect-to?url=") + URLEncoder.encode(server.url("/items/1"), StandardCharsets.UTF_8);
        try (Fanout fanout = client()) {
            Outcome o = fanout.fetch(Request.get(toLiteral)).join();

            assertThat(o.failure()).isNotNull();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.BLOCKED);
            assertThat(o.failure().message()).startsWith("127.0.0.1 is in the blocked network 127.0.0.1/32");
        }
    }

    @Test
    void withoutTheBlockTheSameRedirectIsFollowed() {
        try (Fanout fanout = Fanout.builder().build()) {
            assertThat(fanout.fetch(Request.get(redirectTo(viaLocalhost("/items/1")))).join().status()).isEqualTo(200);
        }
    }

    @Test
    void aCrawledLinkIntoABlockedNetworkIsRefusedUnlessTheScopeNamesItsHost() {
        CrawlStep<Outcome> links = (o, frontier) -> {
            if (o.isSuccessful() && o.request().depth() == 0) {
                frontier.follow(viaLocalhost(Site.OFFSITE_PAGE));
            }
            return o;
        };
        long before = server.get().stats().get(Site.OFFSITE_PAGE).requests();

        List<Outcome> anyScope = crawl(CrawlRules.DEFAULT.withScope(Scope.any()).withRobots(false), links);
        Outcome found = anyScope.stream().filter(o -> o.request().depth() == 1).findFirst().orElseThrow();
        assertThat(found.failure()).isNotNull();
        assertThat(found.failure().kind()).isEqualTo(FailureKind.BLOCKED);
        assertThat(server.get().stats().get(Site.OFFSITE_PAGE).requests()).isEqualTo(before);

        List<Outcome> named = crawl(CrawlRules.DEFAULT.withScope(Scope.parse("127.0.0.1,localhost")).withRobots(false), links);
        assertThat(named).filteredOn(o -> o.request().depth() == 1).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(200));
    }

    @Test
    void aCrawledLinkIsNotRedirectedOutOfTheCrawlsScope() {
        CrawlStep<Outcome> oneLink = (o, frontier) -> {
            if (o.isSuccessful() && o.request().depth() == 0) {
                frontier.follow(redirectTo(viaLocalhost("/items/2")));
            }
            return o;
        };
        try (Fanout fanout = Fanout.builder().retries(0).build();
             Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(server.url("/items/1"))).iterator(),
                     CrawlRules.DEFAULT.withRobots(false), oneLink)) {
            List<Outcome> all = crawl.stream().toList();
            Outcome found = all.stream().filter(o -> o.request().depth() == 1).findFirst().orElseThrow();
            assertThat(found.failure()).isNotNull();
            assertThat(found.failure().kind()).isEqualTo(FailureKind.REDIRECT);
            assertThat(found.failure().message()).contains("out of the crawl's scope (localhost)");
        }
        // an input's redirect is followed wherever it goes, as in any run
        try (Fanout fanout = Fanout.builder().build();
             Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(redirectTo(viaLocalhost("/items/2")))).iterator(),
                     CrawlRules.DEFAULT.withRobots(false), (o, frontier) -> o)) {
            assertThat(crawl.stream().toList()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(200));
        }
    }

    @Test
    void anInputToAnIpv6LiteralInABlockedNetworkStillReachesIt() {
        // ::1/128 blocked stands in for fc00::/7 or fe80::/10, where a test may not send
        try (TestServer v6 = TestServer.builder().host("::1").start();
             Fanout fanout = Fanout.builder().blockNetwork("::1/128").retries(0).build()) {
            Outcome o = fanout.fetch(Request.get(v6.url("/items/1"))).join();
            assertThat(o.failure()).as("an input may go anywhere, written as [::1] or not").isNull();
            assertThat(o.status()).isEqualTo(200);
            // and the same address spelt out in full is the same host
            String spelt = v6.url("/items/2").replace("[::1]", "[0:0:0:0:0:0:0:1]");
            assertThat(fanout.fetch(Request.get(spelt)).join().status()).isEqualTo(200);
        }
    }

    @Test
    void robotsTxtForALinkIntoABlockedNetworkIsNotFetchedEither() {
        CrawlStep<Outcome> links = (o, frontier) -> {
            if (o.isSuccessful() && o.request().depth() == 0) {
                frontier.follow(viaLocalhost(Site.OFFSITE_PAGE));
            }
            return o;
        };
        // the link's robots.txt is on the same server: count what reached it
        long robotsBefore = server.get().stats().get("/robots.txt").requests();
        long pageBefore = server.get().stats().get(Site.OFFSITE_PAGE).requests();
        List<Outcome> anyScope = crawl(CrawlRules.DEFAULT.withScope(Scope.any()), links);
        assertThat(anyScope).filteredOn(o -> o.request().depth() == 1).allSatisfy(o -> {
            assertThat(o.failure()).isNotNull();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.BLOCKED);
        });
        assertThat(server.get().stats().get("/robots.txt").requests())
                .as("robots.txt at localhost may not be fetched for a link that may not go there").isEqualTo(robotsBefore);
        assertThat(server.get().stats().get(Site.OFFSITE_PAGE).requests()).isEqualTo(pageBefore);

        // a scope that names the host allows both
        List<Outcome> named = crawl(CrawlRules.DEFAULT.withScope(Scope.parse("127.0.0.1,localhost")), links);
        assertThat(named).filteredOn(o -> o.request().depth() == 1).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(200));
        assertThat(server.get().stats().get("/robots.txt").requests()).isGreaterThan(robotsBefore);
    }

    private static List<Outcome> crawl(CrawlRules rules, CrawlStep<Outcome> step) {
        try (Fanout fanout = client();
             Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(server.url("/site/"))).iterator(), rules, step)) {
            return crawl.stream().toList();
        }
    }
}
