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
 * @param robotsUnreadable origins whose robots.txt could not be read (a 5xx, no answer), with what came back:
 *                         RFC 9309 then disallows the whole origin, which silently ends a crawl there
 */
public record CrawlStats(long inputs, long followed, long duplicates, long outOfScope, long notHttp, long blocked, long tooDeep,
                         long overLimit, long robotsDisallowed, long robotsFiles, java.util.Map<String, String> robotsUnreadable) {

    public CrawlStats {
        robotsUnreadable = java.util.Map.copyOf(robotsUnreadable);
    }

    /** Stats of a crawl whose robots.txt files could all be read. */
    public CrawlStats(long inputs, long followed, long duplicates, long outOfScope, long notHttp, long blocked, long tooDeep,
                      long overLimit, long robotsDisallowed, long robotsFiles) {
        this(inputs, followed, duplicates, outOfScope, notHttp, blocked, tooDeep, overLimit, robotsDisallowed, robotsFiles,
                java.util.Map.of());
    }

    /** Requests found but not fetched, for whatever reason. */
    public long skipped() {
        return duplicates + outOfScope + notHttp + blocked + tooDeep + overLimit + robotsDisallowed;
    }
}
