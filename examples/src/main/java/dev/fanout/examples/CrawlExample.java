package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;

import java.util.List;

/** A crawl: each story's comments ({@code $.kids[*]}) are fetched while the rest is in flight. */
public final class CrawlExample {
    private CrawlExample() {
    }

    /** Crawls the comment trees of the given stories on an API shaped like Hacker News' ({@code base + "/v0/item/ID.json"}). */
    public static void run(Fanout fanout, String base, List<Request> storyRequests) {
        // region crawl
        Expression kids = Expression.parse("$.kids[*]");
        try (Crawl<Outcome> crawl = fanout.crawl(storyRequests.iterator(), CrawlRules.DEFAULT.withMaxDepth(10), (o, frontier) -> {
            if (o.isSuccessful()) {
                for (Object id : kids.values(Body.of(o))) {
                    frontier.add(Request.get(base + "/v0/item/" + id + ".json"));
                }
            }
            return o;                                   // or a record of your own made from o
        })) {
            crawl.stream().forEach(o -> System.out.println(o.request().depth() + " " + o.request().url()));
            System.out.println(crawl.stats());          // followed, duplicates, out of scope, robots.txt, ...
        }
        // endregion
    }
}
