package dev.fanout.internal;

import dev.fanout.Fanout;
import dev.fanout.Request;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.internal.crawl.CrawlJournal;

import java.util.Iterator;

/**
 * What other packages of the library may do with a {@link Fanout} that is not public API — a durable job's
 * crawl needs the client's engine. Fanout hands its implementation over when its class is initialized.
 */
public final class Internals {
    /** A journaled crawl on a client. */
    @FunctionalInterface
    public interface JournaledCrawl {
        <R> Crawl<R> start(Fanout fanout, Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step, boolean ordered,
                           CrawlJournal journal);
    }

    private static volatile JournaledCrawl crawl;

    private Internals() {
    }

    /** Called once, by Fanout. */
    public static void provide(JournaledCrawl journaledCrawl) {
        crawl = journaledCrawl;
    }

    public static <R> Crawl<R> crawl(Fanout fanout, Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step,
                                     boolean ordered, CrawlJournal journal) {
        return crawl.start(fanout, inputs, rules, step, ordered, journal);
    }
}
