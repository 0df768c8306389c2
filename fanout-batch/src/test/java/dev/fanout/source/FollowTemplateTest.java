package dev.fanout.source;

import dev.fanout.Request;
import dev.fanout.crawl.Follow;
import dev.fanout.crawl.Frontier;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@link Follow} with a {@link FollowTemplate}: ids fill the template, links stay links. */
class FollowTemplateTest {
    private final List<String> links = new ArrayList<>();
    private final List<Request> added = new ArrayList<>();
    private final Frontier frontier = new Frontier() {
        @Override
        public boolean follow(String link) {
            return links.add(link);
        }

        @Override
        public boolean add(Request request) {
            return added.add(request);
        }
    };

    @Test
    void idsFillTheTemplateAndUrlsStayLinks() {
        var spec = new RequestSources.Spec("GET", List.of("http://hn.example/v0/item/{}.json"), List.of(), null, List.of(), null);
        Follow follow = new Follow(Expression.parse("$.kids[*]"), RequestSources.followTemplate(spec, null, null));
        Request parent = Request.get("http://hn.example/v0/item/1.json").withParams(java.util.Map.of("value", "1"));
        Body body = Body.of("{\"kids\":[2,\"/v0/item/3.json\",\"https://other.example/x\"]}", "application/json", parent.url());

        assertThat(follow.apply(body, parent, frontier)).isEqualTo(3);
        assertThat(added).extracting(Request::url).containsExactly("http://hn.example/v0/item/2.json");
        assertThat(added.get(0).params()).containsEntry("value", "2");
        assertThat(links).containsExactly("/v0/item/3.json", "https://other.example/x");
    }
}
