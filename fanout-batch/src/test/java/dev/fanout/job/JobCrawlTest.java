package dev.fanout.job;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import dev.fanout.extract.Values;
import dev.fanout.testserver.HnTree;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crawl under a {@link Job}: stopped after some commits (what a crash leaves), continued, every item of the
 * mock API's comment tree is recorded exactly once, found requests keep their headers without the job file
 * holding their values.
 */
@ExtendWith(LeakCheckExtension.class)
class JobCrawlTest {
    private static final int ITEMS = 2000;
    private static final String TOKEN = "Bearer s3cret-token-4711";

    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension(TestServer.builder().hnTree(ITEMS, 40));

    private static final Expression KIDS = Expression.parse("$.kids[*]");
    private static final Expression PARENT = Expression.parse("$.parent");

    private static Request item(Object id) {
        return Request.get(server.url("/v0/item/" + Values.text(id) + ".json"));
    }

    /**
     * The top stories, each with the token; the kids of each item get the same headers as their parent. The step
     * also follows each comment's link back to its parent: only the seen-set (the job's, in a continued crawl)
     * keeps that from being fetched twice.
     */
    private static Iterator<Request> stories() {
        return IntStream.of(server.get().hnTree().topStories()).mapToObj(id -> item(id).withHeader("Authorization", TOKEN)).iterator();
    }

    private static final CrawlStep<Outcome> KIDS_STEP = (o, frontier) -> {
        for (Object id : KIDS.values(Body.of(o))) {
            frontier.add(item(id).withHeaders(o.request().headers()));
        }
        for (Object id : PARENT.values(Body.of(o))) {
            frontier.add(item(id).withHeaders(o.request().headers()));
        }
        return o;
    };

    /** Runs the job's crawl, recording and committing every 100 outcomes; stops (without a last commit) after {@code stopAfter}. */
    private static List<Outcome> run(Path file, int stopAfter) throws JobException {
        List<Outcome> committed = new ArrayList<>();
        List<Outcome> sinceCommit = new ArrayList<>();
        try (Job job = Job.open(file, "crawl the tree", false);
             Fanout fanout = Fanout.builder().concurrency(32).keepBodies(true).build();
             Crawl<Outcome> crawl = job.crawl(fanout, stories(), CrawlRules.DEFAULT.withRobots(false), KIDS_STEP, false)) {
            Iterator<Outcome> it = crawl.stream().iterator();
            int n = 0;
            while (it.hasNext() && n < stopAfter) {
                Outcome o = it.next();
                job.recorded(o);
                sinceCommit.add(o);
                if (++n % 100 == 0) {
                    job.commit(n);
                    committed.addAll(sinceCommit);
                    sinceCommit.clear();
                }
            }
            if (!it.hasNext()) {
                job.commit(n);
                committed.addAll(sinceCommit);
            }
        }
        return committed;
    }

    @Test
    void aCrawlStoppedBetweenCommitsContinuesWithEveryItemExactlyOnce(@TempDir Path dir) throws Exception {
        HnTree tree = server.get().hnTree();
        Path file = dir.resolve("crawl.job");

        List<Outcome> first = run(file, 750); // commits 700; 50 recorded after the last commit are run again
        assertThat(first).hasSize(700);
        long fetchedFirst = server.get().stats().get("/v0/item/{id}.json").requests();
        List<Outcome> second = run(file, Integer.MAX_VALUE);

        Map<String, Integer> times = new HashMap<>();
        Stream.concat(first.stream(), second.stream()).forEach(o -> times.merge(o.request().url(), 1, Integer::sum));
        assertThat(times).hasSize(tree.size());
        assertThat(times.values()).containsOnly(1);
        assertThat(Stream.concat(first.stream(), second.stream()).map(Outcome::index).distinct().count())
                .as("positions unique").isEqualTo(tree.size());
        assertThat(second).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.request().headers().get("Authorization")).as("headers given back to %s", o.request().url()).isEqualTo(TOKEN);
        });
        assertThat(second).anySatisfy(o -> assertThat(o.request().depth()).isGreaterThan(0));
        // the second run fetched what the first did not commit, not the whole tree again
        long fetchedSecond = server.get().stats().get("/v0/item/{id}.json").requests() - fetchedFirst;
        assertThat(fetchedSecond).isLessThan(tree.size() - 600L);

        for (String name : new String[] {"crawl.job", "crawl.job-wal"}) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("s3cret-token");
            }
        }

        long before = server.get().stats().get("/v0/item/{id}.json").requests();
        assertThat(run(file, Integer.MAX_VALUE)).as("a finished crawl has nothing left").isEmpty();
        assertThat(server.get().stats().get("/v0/item/{id}.json").requests()).isEqualTo(before);
    }

    @Test
    void aCrawlsJobCannotBeContinuedWithoutCrawling(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("crawl.job");
        run(file, 10);
        try (Job job = Job.open(file, "crawl the tree", false)) {
            assertThatThrownBy(() -> job.pending(stories()))
                    .isInstanceOf(JobException.Unchecked.class)
                    .hasMessage("the job " + file + " was started as a crawl and cannot be continued as a plain run: "
                            + "use another job file")
                    .satisfies(e -> assertThat(((JobException.Unchecked) e).problem().reason())
                            .isEqualTo(JobException.Reason.STARTED_AS_CRAWL));
        }
    }
}
