package dev.fanout.crawl;

import dev.fanout.Request;
import dev.fanout.internal.net.Fingerprint;
import dev.fanout.internal.net.Url;

import java.util.List;

/**
 * What a durable store keeps of a crawl so that a rerun continues it — fanout-batch's {@code Job} is one: every
 * request the crawl joined, and the found ones not yet done to fetch again. Given to
 * {@link dev.fanout.client.Fanout#crawl(java.util.Iterator, CrawlRules, CrawlStep, boolean, CrawlJournal)}.
 *
 * <p><b>Threads.</b> {@link #joined()} is asked once, when the crawl starts; {@link #found} on the consuming
 * thread, during a visit; {@link #pulledInput}, {@link #pulledFound} and {@link #resumed()} on the thread that feeds the client. The crawl
 * calls {@link #found}, {@link #pulledInput} and {@link #pulledFound} with its frontier lock held: keep them short.
 *
 * <p><b>Failure.</b> An exception a method throws reaches the crawl's consumer: from {@link #found}, out of the
 * step's visit; from the pulls or {@link #resumed()}, out of the stream once the requests already started
 * are delivered, as an input iterator's would.
 */
public interface CrawlJournal {

    /** A found request the crawl has taken on, with the number the journal gave it. */
    record Joined(Request request, long number) {
    }

    /** Keeps nothing: a crawl without a journal. */
    CrawlJournal NONE = new CrawlJournal() {
        @Override
        public long[] joined() {
            return new long[0];
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

    /**
     * The number a crawl knows a request by: a 64-bit hash of its method, normalized URL and body (two URLs that
     * differ only in case of scheme and host, a default port or a fragment are the same request). The same value on
     * every run, so a journal may keep it.
     */
    static long fingerprint(Request request) {
        return Fingerprint.of(request.method(), request.url(), Url.parseOrNull(request.url()), request.body());
    }

    /**
     * The {@linkplain #fingerprint fingerprints} of every request earlier runs joined: the crawl does not join them
     * again, and they count toward {@link CrawlRules#maxRequests()}.
     */
    long[] joined();

    /** A found request passed the crawl's rules (during a visit): keep it; returns its number. */
    long found(Request request, long fingerprint);

    /** The client takes the next request: the input just read. */
    void pulledInput();

    /** The client takes the next request: a found one, by its number. */
    void pulledFound(long number);

    /** The found requests earlier runs did not finish, to fetch again; asked once, when the inputs are all read. */
    List<Joined> resumed();
}
