package dev.fanout.crawl;

import dev.fanout.Request;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a {@link Follow} hands found values to the frontier: links as links (fanout-batch's FollowTemplateTest has the
 * values that fill a template).
 */
class FollowTest {
    private final List<String> links = new ArrayList<>();
    /** Takes links only: a Follow without a template has nothing to add. */
    private final Frontier frontier = new Frontier() {
        @Override
        public boolean follow(String link) {
            return links.add(link);
        }

        @Override
        public boolean add(Request request) {
            throw new AssertionError("a link was taken for a value to fill a template: " + request);
        }
    };

    @Test
    void htmlLinksResolveAgainstTheDocumentsBaseHref() {
        Follow follow = new Follow(Expression.parse("css:a@href"), null);
        Request parent = Request.get("http://site.example/dir/page.html");
        Body withBase = Body.of("<html><head><base href=\"/other/\"></head><body><a href=\"x.html\">x</a></body></html>",
                "text/html", parent.url());
        follow.apply(withBase, parent, frontier);
        Body without = Body.of("<html><body><a href=\"y.html\">y</a></body></html>", "text/html", parent.url());
        follow.apply(without, parent, frontier);
        assertThat(links).containsExactly("http://site.example/other/x.html", "y.html");
    }
}
