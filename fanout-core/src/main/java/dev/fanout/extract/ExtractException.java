package dev.fanout.extract;

/**
 * A body could not be read the way an expression needs (not JSON, say), or a format step did not apply.
 * Unchecked, so that expressions can be used inside lambdas such as a {@link dev.fanout.crawl.CrawlStep}.
 */
public final class ExtractException extends RuntimeException {
    public ExtractException(String message) {
        super(message, null, false, false);
    }
}
