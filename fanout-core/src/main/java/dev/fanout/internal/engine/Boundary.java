package dev.fanout.internal.engine;

import dev.fanout.Request;

/**
 * Where a run's requests may lead beyond the URLs they were given: which redirects it follows, and which hosts
 * the user named so that they may resolve into blocked networks. A plain run follows redirects anywhere (bar
 * the checks every run makes) and names no host beyond its inputs; a crawl keeps redirects of the links it
 * found inside its scope. Implementations are immutable and thread-safe.
 */
public interface Boundary {
    /** A plain run's boundary. */
    Boundary OPEN = new Boundary() {
    };

    /** Why a redirect of {@code original}'s call from {@code fromHost} to {@code toHost} is refused, or null. */
    default String refusesRedirect(Request original, String fromHost, String toHost) {
        return null;
    }

    /** Whether the user named {@code host} itself (a crawl's scope listing it), allowing it any address. */
    default boolean names(String host) {
        return false;
    }
}
