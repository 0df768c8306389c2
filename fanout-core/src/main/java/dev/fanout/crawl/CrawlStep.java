package dev.fanout.crawl;

import dev.fanout.Outcome;

/**
 * Visits each outcome of a crawl, adds what it finds to the frontier, and returns what the crawl's stream
 * yields for it (the outcome itself, or a record made from it). Called on the thread that consumes the crawl,
 * one outcome at a time, so it needs no locking; the crawl ends when every request has been visited and the
 * frontier is empty. An exception ends the crawl and surfaces from the stream.
 *
 * @param <R> what the stream yields
 */
@FunctionalInterface
public interface CrawlStep<R> {
    R visit(Outcome outcome, Frontier frontier);
}
