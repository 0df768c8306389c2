package dev.fanout.testserver;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The mock API answered by the JDK's own client, so its behaviour is checked independently of fanout. */
class TestServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(TestServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesAnswerAsDocumented() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            assertThat(get(server, "/items/7").body()).isEqualTo("{\"id\":7,\"name\":\"item-7\",\"price\":0.07,\"in_stock\":true}");
            assertThat(get(server, "/status/429").statusCode()).isEqualTo(429);
            assertThat(get(server, "/small").body()).hasSize(100);
            assertThat(get(server, "/nope").statusCode()).isEqualTo(404);
            assertThat(get(server, "/v0/item/1.json").body()).isEqualTo("null");
            assertThat(server.stats().totalRequests()).isEqualTo(5);
            assertThat(get(server, "/_stats").body()).contains("\"/items/{id}\":{\"requests\":1");
        }
    }

    @Test
    void latencyDelaysEveryResponse() throws Exception {
        try (TestServer server = TestServer.builder().latency(Duration.ofMillis(150)).start()) {
            long start = System.nanoTime();
            get(server, "/items/1");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
        }
    }

    @Test
    void hnTreeIsDeterministicAndEveryItemIsReachableOnceFromTopStories() throws Exception {
        HnTree a = new HnTree(500, 10, 7);
        HnTree b = new HnTree(500, 10, 7);
        assertThat(a.itemJson(1300)).isEqualTo(b.itemJson(1300));
        try (TestServer server = TestServer.builder().hnTree(300, 5).start()) {
            Set<Integer> seen = new HashSet<>();
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (String id : get(server, "/v0/topstories.json").body().replaceAll("[\\[\\]]", "").split(",")) {
                queue.add(Integer.parseInt(id));
            }
            while (!queue.isEmpty()) {
                int id = queue.poll();
                assertThat(seen.add(id)).as("item %d reached twice", id).isTrue();
                String json = get(server, "/v0/item/" + id + ".json").body();
                int k = json.indexOf("\"kids\":[");
                if (k >= 0) {
                    for (String kid : json.substring(k + 8, json.indexOf(']', k)).split(",")) {
                        queue.add(Integer.parseInt(kid));
                    }
                }
            }
            assertThat(seen).hasSize(300);
        }
    }
}
