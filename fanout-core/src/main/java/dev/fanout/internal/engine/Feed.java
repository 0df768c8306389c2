package dev.fanout.internal.engine;

import dev.fanout.Request;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

import java.util.Iterator;

/**
 * The requests of a stream, pulled one at a time by its feeder thread, each handed over with what was known where
 * it was born: its URL already parsed (a crawl resolved it) and where it may connect. Owned by that one thread.
 */
public interface Feed {
    /** Whether there is another request; may block (a source reading standard input). */
    boolean hasNext();

    /** Hands the next request to {@code to}. */
    void next(Intake to);

    /** Where a feed hands its requests. */
    @FunctionalInterface
    interface Intake {
        /** {@code url} is the request's URL parsed, or null for the engine to parse it. */
        void take(Request request, Url url, Reach reach);
    }

    /** Plain requests (the engine parses each one's URL), all of one reach. */
    static Feed of(Iterator<? extends Request> requests, Reach reach) {
        return new Feed() {
            @Override
            public boolean hasNext() {
                return requests.hasNext();
            }

            @Override
            public void next(Intake to) {
                to.take(requests.next(), null, reach);
            }
        };
    }
}
