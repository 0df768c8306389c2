package dev.fanout.crawl;

import dev.fanout.Request;

/**
 * What a {@link CrawlStep} adds requests through, for the one outcome it is visiting: each request added is
 * that outcome's child (depth + 1, parent = its URL) and starts while others are still in flight. Every
 * request is fetched at most once per crawl (by method, normalized URL and body); the crawl's depth, request
 * and robots.txt rules apply to all, its scope to links. Use it only during the step's call.
 */
public interface Frontier {

    /**
     * Follows a link found in the response: made absolute against its URL, fragment dropped. Returns
     * whether it was queued (false when it is not http(s), out of scope, already seen, too deep or over
     * the limit; a robots.txt refusal may come later and is counted in {@link CrawlStats}).
     */
    boolean follow(String link);

    /** Adds a request the step built (e.g. a template filled with a found id); returns whether it was queued. */
    boolean add(Request request);
}
