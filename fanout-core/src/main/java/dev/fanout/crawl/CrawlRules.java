package dev.fanout.crawl;

/**
 * The rules of a crawl's frontier. Immutable; start from {@link #DEFAULT} and change what you need.
 *
 * @param maxDepth    links followed from an input at most (inputs are depth 0); default no limit
 * @param maxRequests requests in all, inputs included, after which nothing more is followed; inputs are
 *                    always fetched; default no limit
 * @param scope       where links may lead; default {@link Scope#sameHost()}
 * @param robots      whether robots.txt decides what the crawl discovers (fetched once per origin, cached;
 *                    your own inputs are always fetched); default true
 * @param agent       the product token looked up in robots.txt; default "fanout"
 */
public record CrawlRules(int maxDepth, long maxRequests, Scope scope, boolean robots, String agent) {
    public static final CrawlRules DEFAULT = new CrawlRules(Integer.MAX_VALUE, Long.MAX_VALUE, Scope.sameHost(), true, "fanout");

    public CrawlRules {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, got " + maxDepth);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1, got " + maxRequests);
        }
        if (scope == null || agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("scope and agent are required");
        }
    }

    public CrawlRules withMaxDepth(int n) {
        return new CrawlRules(n, maxRequests, scope, robots, agent);
    }

    public CrawlRules withMaxRequests(long n) {
        return new CrawlRules(maxDepth, n, scope, robots, agent);
    }

    public CrawlRules withScope(Scope s) {
        return new CrawlRules(maxDepth, maxRequests, s, robots, agent);
    }

    public CrawlRules withRobots(boolean honour) {
        return new CrawlRules(maxDepth, maxRequests, scope, honour, agent);
    }
}
