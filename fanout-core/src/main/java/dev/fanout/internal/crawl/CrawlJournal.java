package dev.fanout.internal.crawl;

import dev.fanout.Request;

import java.util.List;

/**
 * What a durable job ({@link dev.fanout.job.Job}) keeps of a crawl so that a rerun continues it: every request the
 * crawl joined, and the found ones not yet done to fetch again. The crawl calls it with its frontier lock held.
 */
public interface CrawlJournal {

    /** A found request the crawl has taken on, with the number the journal gave it. */
    record Joined(Request request, long number) {
    }

    /** Keeps nothing: a crawl without a job. */
    CrawlJournal NONE = new CrawlJournal() {
        @Override
        public long seed(SeenSet seen) {
            return 0;
        }

        @Override
        public long found(Request request, long fingerprint) {
            return -1;
        }

        @Override
        public void pulledInput() {
        }

        @Override
        public void pulledFound(long number) {
        }

        @Override
        public List<Joined> resumed() {
            return List.of();
        }
    };

    /** Adds the fingerprints of every request earlier runs joined to {@code seen}; returns how many requests that is. */
    long seed(SeenSet seen);

    /** A found request passed the crawl's rules (on the consuming thread, during a visit): keep it; returns its number. */
    long found(Request request, long fingerprint);

    /** The engine takes the next request, the input just read. Feeder thread. */
    void pulledInput();

    /** The engine takes the next request, a found one by its number. Feeder thread. */
    void pulledFound(long number);

    /** The found requests earlier runs did not finish, to fetch again; asked once, when the inputs are all read. */
    List<Joined> resumed();
}
