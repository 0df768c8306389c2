package dev.fanout.internal.crawl;

import dev.fanout.crawl.Scope;
import dev.fanout.internal.net.Bounds;

/**
 * A crawl's bounds: its found requests (and their redirects) keep to its scope, judged from the host they leave;
 * the hosts the scope names are the user's choice, whatever they resolve to. The inputs' redirects go anywhere,
 * as in any run ({@link dev.fanout.internal.net.Reach} keeps them unscoped).
 */
record ScopeBounds(Scope scope) implements Bounds {
    @Override
    public boolean allows(String fromHost, String toHost) {
        return scope.allows(fromHost, toHost);
    }

    @Override
    public boolean names(String host) {
        return scope.names(host);
    }
}
