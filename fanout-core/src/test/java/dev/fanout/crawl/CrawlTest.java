package dev.fanout.crawl;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import dev.fanout.extract.Values;
import dev.fanout.testserver.Fault;
import dev.fanout.testserver.HnTree;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.Site;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Crawls of the mock API's comment tree and HTML site, on loopback. */
@ExtendWith(LeakCheckExtension.class)
class CrawlTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final Expression TOP = Expression.parse("$[*]");
    private static final Expression KIDS = Expression.parse("$.kids[*]");
    private static final Expression LINKS = Expression.parse("css:a@href");

    private static Request item(Object id) {
        return Request.get(server.url("/v0/item/" + Values.text(id) + ".json"));
    }

    private static List<Outcome> crawl(Iterator<Request> inputs, CrawlRules rules, CrawlStep<Outcome> step, CrawlStats[] stats) {
        try (Fanout fanout = Fanout.builder().concurrency(64).build();
             Crawl<Outcome> crawl = fanout.crawl(inputs, rules, step)) {
            List<Outcome> all = crawl.stream().toList();
            stats[0] = crawl.stats();
            return all;
        }
    }

    @Test
    void theWholeCommentTreeFromTopstoriesExactlyOnce() {
        HnTree tree = server.get().hnTree();
        CrawlStats[] stats = new CrawlStats[1];
        List<Outcome> all = crawl(List.of(Request.get(server.url("/v0/topstories.json"))).iterator(), CrawlRules.DEFAULT,
                (o, frontier) -> {
                    Expression ids = o.request().depth() == 0 ? TOP : KIDS;
                    for (Object id : ids.values(Body.of(o))) {
                        frontier.add(item(id));
                    }
                    return o;
                }, stats);

        assertThat(tree.size()).isEqualTo(20_000);
        assertThat(all).hasSize(1 + tree.size()).allMatch(o -> o.status() == 200);
        Set<String> urls = new HashSet<>();
        all.forEach(o -> urls.add(o.request().url()));
        assertThat(urls).hasSize(all.size());
        Set<String> expected = new HashSet<>();
        expected.add(server.url("/v0/topstories.json"));
        for (int id = HnTree.FIRST_ID; id < HnTree.FIRST_ID + tree.size(); id++) {
            expected.add(item(id).url());
        }
        assertThat(urls.equals(expected)).as("every item fetched, nothing else").isTrue();
        // the server saw each item once: nothing was fetched twice
        assertThat(server.get().stats().get("/v0/item/{id}.json").requests()).isEqualTo(tree.size());
        // each comment was found in its parent's response, one level deeper
        Map<String, Outcome> byUrl = new HashMap<>();
        all.forEach(o -> byUrl.put(o.request().url(), o));
        int checked = 0;
        for (Outcome o : all) {
            if (o.request().parent() != null) {
                Outcome parent = byUrl.get(o.request().parent());
                Expression found = parent.request().depth() == 0 ? TOP : KIDS;
                boolean listed = found.values(Body.of(parent)).stream().anyMatch(id -> item(id).url().equals(o.request().url()));
                if (!listed || o.request().depth() != parent.request().depth() + 1) {
                    throw new AssertionError(o.request().url() + " is not a child of " + o.request().parent());
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(tree.size());
        assertThat(stats[0].inputs()).isEqualTo(1);
        assertThat(stats[0].followed()).isEqualTo(tree.size());
        assertThat(stats[0].duplicates()).isZero();
        assertThat(stats[0].robotsFiles()).isEqualTo(1);
    }

    private static CrawlStep<Outcome> followLinks() {
        return (o, frontier) -> {
            if (o.isSuccessful()) {
                LINKS.values(Body.of(o)).forEach(link -> frontier.follow(Values.text(link)));
            }
            return o;
        };
    }

    private static List<String> paths(List<Outcome> all) {
        List<String> paths = new ArrayList<>();
        all.forEach(o -> paths.add(o.request().url().replace(server.get().baseUrl(), "")));
        return paths;
    }

    @Test
    void anHtmlCrawlStaysOnItsHostAndObeysRobotsTxt() {
        CrawlStats[] stats = new CrawlStats[1];
        List<Outcome> all = crawl(List.of(Request.get(server.url("/site/"))).iterator(), CrawlRules.DEFAULT, followLinks(), stats);

        assertThat(paths(all)).containsExactlyInAnyOrderElementsOf(Site.SAME_HOST_PAGES);
        assertThat(server.get().stats().get(Site.DISALLOWED_PAGE).requests()).isZero();
        assertThat(server.get().stats().get(Site.OFFSITE_PAGE).requests()).isZero();
        assertThat(server.get().stats().get("/robots.txt").requests()).isEqualTo(1);
        assertThat(stats[0].robotsDisallowed()).isEqualTo(1);
        assertThat(stats[0].outOfScope()).isEqualTo(1);
        assertThat(stats[0].notHttp()).isEqualTo(1); // mailto:
        assertThat(stats[0].duplicates()).isPositive();
        Outcome missing = all.stream().filter(o -> o.request().url().endsWith("missing.html")).findFirst().orElseThrow();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.request().depth()).isEqualTo(3);
        assertThat(missing.request().parent()).isEqualTo(server.url("/site/docs/a.html"));
    }

    @Test
    void anyScopeWithoutRobotsTakesTheOffSiteAndDisallowedPagesToo() {
        CrawlStats[] stats = new CrawlStats[1];
        CrawlRules rules = CrawlRules.DEFAULT.withScope(Scope.any()).withRobots(false);
        List<Outcome> all = crawl(List.of(Request.get(server.url("/site/"))).iterator(), rules, followLinks(), stats);

        assertThat(all).hasSize(Site.SAME_HOST_PAGES.size() + 2);
        assertThat(server.get().stats().get(Site.DISALLOWED_PAGE).requests()).isEqualTo(1);
        assertThat(all).anyMatch(o -> o.request().url().equals("http://localhost:" + server.get().port() + Site.OFFSITE_PAGE));
        assertThat(server.get().stats().get("/robots.txt").requests()).isZero();
    }

    @Test
    void hostPatternsDepthAndRequestLimits() {
        CrawlStats[] stats = new CrawlStats[1];
        Request start = Request.get(server.url("/site/"));
        List<Outcome> shallow = crawl(List.of(start).iterator(), CrawlRules.DEFAULT.withMaxDepth(1), followLinks(), stats);
        assertThat(paths(shallow)).containsExactlyInAnyOrder("/site/", "/site/about.html", "/site/docs/");
        assertThat(stats[0].tooDeep()).isPositive();

        List<Outcome> three = crawl(List.of(start).iterator(), CrawlRules.DEFAULT.withMaxRequests(3), followLinks(), stats);
        assertThat(three).hasSize(3);
        assertThat(stats[0].overLimit()).isPositive();

        CrawlRules localhostOnly = CrawlRules.DEFAULT.withScope(Scope.parse("localhost,*.example.org")).withRobots(false);
        List<Outcome> viaPattern = crawl(List.of(start).iterator(), localhostOnly, followLinks(), stats);
        assertThat(paths(viaPattern)).containsExactlyInAnyOrder("/site/", "http://localhost:" + server.get().port() + Site.OFFSITE_PAGE);
    }

    @Test
    void inputsAreAlwaysFetchedAndEachYieldsOneOutcome() {
        CrawlStats[] stats = new CrawlStats[1];
        List<Request> inputs = List.of(Request.get(server.url("/site/private/secret.html")), Request.get("not a url"),
                Request.get(server.url("/site/docs/a.html")));
        List<Outcome> all = crawl(inputs.iterator(), CrawlRules.DEFAULT.withMaxDepth(0), followLinks(), stats);
        assertThat(all).hasSize(3);
        assertThat(server.get().stats().get(Site.DISALLOWED_PAGE).requests()).isEqualTo(1);
        assertThat(all).filteredOn(o -> !o.hasResponse()).singleElement()
                .satisfies(o -> assertThat(o.failure().kind().wireName()).isEqualTo("invalid_url"));
        assertThat(stats[0].inputs()).isEqualTo(3);
    }

    @Test
    void aRobotsTxtThatCannotBeFetchedDisallowsItsWholeHost() {
        try (TestServer failing = TestServer.builder().fault(Fault.parse("status,status=503")).start();
             Fanout fanout = Fanout.builder().retries(0).build()) {
            Request other = Request.get(failing.url("/site/"));
            try (Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(server.url("/site/docs/b.html"))).iterator(),
                    CrawlRules.DEFAULT.withMaxDepth(1), (o, frontier) -> {
                        if (o.request().depth() == 0) {
                            frontier.add(other);
                        }
                        return o;
                    })) {
                assertThat(crawl.stream().toList()).hasSize(1);
                assertThat(crawl.stats().robotsDisallowed()).isEqualTo(1);
                assertThat(crawl.stats().robotsFiles()).isEqualTo(1);
            }
            // the failing host saw its robots.txt asked for, and nothing else
            assertThat(failing.stats().totalRequests()).isEqualTo(1);
            assertThat(failing.stats().get("/robots.txt").requests()).isEqualTo(1);
        }
    }

    @Test
    void linksToLinkLocalOrMetadataAddressesAreNeverFollowedUnlessTheScopeNamesThem() {
        List<String> sensitive = List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                "http://metadata.google.internal/computeMetadata/v1/", "http://[fe80::1]:8080/");
        // depth 0: whatever passes the address check is then refused as too deep, so nothing leaves loopback
        for (Scope scope : List.of(Scope.any(), Scope.parse("169.254.169.254,fd00:ec2::254,metadata.google.internal,fe80::1"))) {
            CrawlStats[] stats = new CrawlStats[1];
            List<Boolean> queued = new ArrayList<>();
            crawl(List.of(Request.get(server.url("/small"))).iterator(), CrawlRules.DEFAULT.withScope(scope).withMaxDepth(0),
                    (o, frontier) -> {
                        sensitive.forEach(link -> queued.add(frontier.follow(link)));
                        return o;
                    }, stats);
            assertThat(queued).containsOnly(false);
            boolean named = scope instanceof Scope.Hosts;
            assertThat(stats[0].blocked()).isEqualTo(named ? 0 : sensitive.size());
            assertThat(stats[0].tooDeep()).isEqualTo(named ? sensitive.size() : 0);
        }
    }

    @Test
    void aStepThatThrowsEndsTheCrawlWithItsException() {
        try (Fanout fanout = Fanout.create();
             Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(server.url("/site/"))).iterator(), CrawlRules.DEFAULT,
                     (o, frontier) -> {
                         throw new IllegalStateException("step failed on " + o.request().url());
                     })) {
            assertThatThrownBy(() -> crawl.stream().toList()).hasMessageContaining("step failed on");
        }
    }

    @Test
    void aClientThatDropsBodiesCannotCrawl() {
        try (Fanout fanout = Fanout.builder().keepBodies(false).build()) {
            assertThatThrownBy(() -> fanout.crawl(List.<Request>of().iterator(), CrawlRules.DEFAULT, (o, f) -> o))
                    .hasMessageContaining("keepBodies(true)");
        }
    }
}
