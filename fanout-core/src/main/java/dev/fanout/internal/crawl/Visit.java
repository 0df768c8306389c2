package dev.fanout.internal.crawl;

import dev.fanout.Request;
import dev.fanout.crawl.Frontier;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

/**
 * The frontier as one visit of a {@link CrawlRun} sees it: what the step follows or adds is the visited request's
 * child, born here with its URL resolved and parsed once and its {@link Reach}. On the consumer's thread.
 */
final class Visit implements Frontier {
    private final CrawlRun<?> run;
    private final Request parent;
    /** The parent's URL, parsed once the step follows or adds something. */
    private Url parentUrl;
    private boolean parsed;

    Visit(CrawlRun<?> run, Request parent) {
        this.run = run;
        this.parent = parent;
    }

    private Url parentUrl() {
        if (!parsed) {
            parentUrl = Url.parseOrNull(parent.url(), run.lastParentUrl);
            parsed = true;
            if (parentUrl != null) {
                run.lastParentUrl = parentUrl;
            }
        }
        return parentUrl;
    }

    @Override
    public boolean follow(String link) {
        Url base = parentUrl();
        Url url = base == null ? null : base.resolve(link);
        if (url == null) {
            run.skipped(CrawlRun.Skip.NOT_HTTP);
            return false;
        }
        String host = url.host();
        String fromHost = base.host();
        Reach inputs = run.inputReach();
        if (!inputs.inScope(fromHost, host)) {
            run.skipped(CrawlRun.Skip.OUT_OF_SCOPE);
            return false;
        }
        if (inputs.sensitive(fromHost, host)) {
            run.skipped(CrawlRun.Skip.BLOCKED);
            return false;
        }
        Request child = Request.get(url.text());
        if (host.equals(fromHost)) {
            // the same host gets the same headers (an API token, say); another host does not
            child = child.withHeaders(parent.headers());
        }
        return run.offer(child.foundIn(parent.url(), parent.depth() + 1), url, inputs.found(Reach.From.LINK, fromHost, host));
    }

    @Override
    public boolean add(Request request) {
        Url base = parentUrl();
        Url url = Url.parseOrNull(request.url(), base);
        Reach reach = run.inputReach().found(Reach.From.STEP, base == null ? null : base.host(), url == null ? null : url.host());
        return run.offer(request.foundIn(parent.url(), parent.depth() + 1), url, reach);
    }
}
