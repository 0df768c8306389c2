package dev.fanout.crawl;

import java.util.stream.Stream;

/**
 * A running crawl, from {@link dev.fanout.client.Fanout#crawl}. Consume {@link #stream()} (once) on one thread; the
 * crawl makes progress as it is consumed. Closing stops it: requests not yet started are dropped and those in
 * flight are not visited.
 *
 * @param <R> what each visit yields
 */
public interface Crawl<R> extends AutoCloseable {

    /** What each visited outcome yielded, in completion order (or input order for an ordered crawl). */
    Stream<R> stream();

    /** The frontier's counts so far; safe from any thread. */
    CrawlStats stats();

    @Override
    void close();
}
