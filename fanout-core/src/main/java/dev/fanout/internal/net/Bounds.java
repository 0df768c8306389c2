package dev.fanout.internal.net;

/**
 * What the user of a run said about hosts beyond its inputs: which hosts they named (allowed into blocked
 * networks whatever they resolve to) and where found requests may lead (a crawl's scope). A plain run names none
 * and keeps nothing in ({@link #OPEN}). Implementations are immutable and thread-safe.
 */
public interface Bounds {
    /** A plain run's bounds. */
    Bounds OPEN = new Bounds() {
    };

    /** Whether the user named {@code host} itself ({@link Url#host()}'s form), allowing it any address. */
    default boolean names(String host) {
        return false;
    }

    /** Whether a found request at {@code fromHost} may lead to {@code toHost} (both in {@link Url#host()}'s form). */
    default boolean allows(String fromHost, String toHost) {
        return true;
    }
}
