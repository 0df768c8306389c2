package dev.fanout.crawl;

/**
 * What a crawl's frontier did with the requests offered to it, so far.
 *
 * @param inputs           inputs fetched (always, whatever the rules)
 * @param followed         requests found and queued
 * @param duplicates       found again after being queued or fetched once
 * @param outOfScope       links to hosts outside the scope
 * @param notHttp          links that are not http(s) URLs (mailto:, javascript:, unparseable)
 * @param blocked          links to link-local or cloud-metadata addresses, which a crawl never follows unless
 *                         the scope names them
 * @param tooDeep          beyond the maximum depth
 * @param overLimit        found after the request limit was reached
 * @param robotsDisallowed refused by robots.txt
 * @param robotsFiles      robots.txt files fetched (one per origin)
 */
public record CrawlStats(long inputs, long followed, long duplicates, long outOfScope, long notHttp, long blocked, long tooDeep,
                         long overLimit, long robotsDisallowed, long robotsFiles) {

    /** Requests found but not fetched, for whatever reason. */
    public long skipped() {
        return duplicates + outOfScope + notHttp + blocked + tooDeep + overLimit + robotsDisallowed;
    }
}
