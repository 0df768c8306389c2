package dev.fanout.internal.crawl;

import dev.fanout.Request;
import dev.fanout.crawl.Scope;
import dev.fanout.internal.engine.Boundary;

/**
 * A crawl's boundary: a link it found may be redirected only where its scope allows a link to go (judged from
 * the host that redirected), so a redirect cannot take the crawl off its hosts; the inputs' redirects are
 * followed as in any run. Hosts the scope names are the user's choice, whatever they resolve to.
 */
record ScopeBoundary(Scope scope) implements Boundary {
    @Override
    public String refusesRedirect(Request original, String fromHost, String toHost) {
        if (original.depth() == 0 || scope.allows(fromHost, toHost)) {
            return null;
        }
        return "redirect out of the crawl's scope (" + toHost + ") refused";
    }

    @Override
    public boolean names(String host) {
        return scope.names(host);
    }
}
