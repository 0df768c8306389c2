package dev.fanout.examples;

import dev.fanout.ClientStats;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.TestProxy;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every README example against the test server on loopback and checks what it did. */
class ExamplesTest {
    @RegisterExtension
    static final TestServerExtension SERVER = new TestServerExtension(TestServer.builder().hnTree(300, 5));

    private static String base() {
        return SERVER.get().baseUrl();
    }

    @Test
    void fetchFetchAllAndStream() throws Exception {
        List<String> out = Printed.lines(() -> FetchExample.run(base()));

        assertThat(out.getFirst()).startsWith("200 {\"id\":1,");
        assertThat(out.get(1)).isEqualTo(base() + "/items/100 200");
        List<String> streamed = out.subList(2, out.size());
        assertThat(streamed).hasSize(100).allMatch(l -> l.startsWith("200 " + base() + "/items/"));
        assertThat(streamed.stream().map(l -> l.substring(l.lastIndexOf('/') + 1)).map(Integer::valueOf).sorted())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    }

    @Test
    void policiesAreValuesOnTheBuilderAndOnTheirOwn() throws Exception {
        ClientStats[] stats = {null};
        List<String> out = Printed.lines(() -> stats[0] = PoliciesExample.run(base()));
        assertThat(out).containsExactly("200 after 1 attempts");
        assertThat(stats[0].retries()).isZero();

        Outcome busy = Outcome.builder(Request.get(base() + "/status/503")).status(503).build();
        long wait = PoliciesExample.waitNanos(busy);
        // Backoff.DEFAULT: 200 ms, +-50 % jitter, for the first retry
        assertThat(wait).isBetween(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(300));
        Outcome notFound = busy.toBuilder().status(404).build();
        assertThat(PoliciesExample.waitNanos(notFound)).isNegative();
    }

    @Test
    void extractionGivesOneRecordPerItem() throws Exception {
        try (Fanout fanout = Fanout.create()) {
            Outcome page = fanout.fetch(Request.get(base() + "/places/textsearch/json?query=pizza&per=3")).join();
            List<String> out = Printed.lines(() -> ExtractExample.run(page));
            assertThat(out).hasSize(3);
            assertThat(out.getFirst()).startsWith("0 {name=").contains("rating=");
            assertThat(out.get(2)).startsWith("2 {name=");
        }
    }

    @Test
    void rowsOfATableMakeOneRequestEachWithTheirColumns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("items.csv");
        java.nio.file.Files.writeString(csv, "id,name\n1,\"Smith, Ann\"\n2,Bob\n3,Carla\n");
        try (Fanout fanout = Fanout.create()) {
            List<String> out = Printed.lines(() -> RowsExample.run(fanout, base(), csv));
            assertThat(out).containsExactlyInAnyOrder("1 Smith, Ann 200", "2 Bob 200", "3 Carla 200");
        }
    }

    @Test
    void crawlFetchesEveryCommentOnce() throws Exception {
        TestServer server = SERVER.get();
        int[] stories = server.hnTree().topStories();
        List<Request> storyRequests = Arrays.stream(stories).limit(2)
                .mapToObj(id -> Request.get(base() + "/v0/item/" + id + ".json")).toList();
        try (Fanout fanout = Fanout.builder().concurrency(20).build()) {
            List<String> out = Printed.lines(() -> CrawlExample.run(fanout, base(), storyRequests));
            List<String> visited = out.subList(0, out.size() - 1);
            assertThat(visited).hasSizeGreaterThan(2).doesNotHaveDuplicates();
            assertThat(visited.stream().filter(l -> l.startsWith("0 "))).hasSize(2);
            assertThat(visited.stream().filter(l -> l.startsWith("1 "))).isNotEmpty();
            assertThat(out.getLast()).contains("followed=" + (visited.size() - 2));
            assertThat(server.stats().get("/v0/item/{id}.json").requests()).isEqualTo(visited.size());
            assertThat(server.stats().get("/robots.txt").requests()).isEqualTo(1);
        }
    }

    @Test
    void aJobRunsOnlyWhatIsNotDone(@TempDir Path dir) throws Exception {
        List<Request> requests = IntStream.rangeClosed(1, 30).mapToObj(i -> Request.get(base() + "/items/" + i)).toList();
        Path output = dir.resolve("out.txt");
        JobExample example = new JobExample(output);
        try (Fanout fanout = Fanout.create()) {
            assertThat(example.run(fanout, dir, requests)).isEqualTo(30);
            assertThat(Files.readAllLines(output)).hasSize(30).allMatch(l -> l.endsWith(" 200"));

            assertThat(example.run(fanout, dir, requests)).isZero();   // the same job again: everything is done
            assertThat(Files.readAllLines(output)).hasSize(30);
        }
    }

    @Test
    void manyVirtualThreadsShareOneClient() throws Exception {
        try (Fanout fanout = Fanout.builder().concurrency(100).build()) {
            assertThat(VirtualThreadsExample.run(fanout, base(), 2_000)).isEqualTo(2_000);
        }
        assertThat(SERVER.get().stats().totalRequests()).isEqualTo(2_000);
    }

    @Test
    void throughAProxyWithACookieJar(@TempDir Path dir) throws Exception {
        Path cookies = dir.resolve("cookies.txt");
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT.withCredentials("u", "p"))) {
            List<String> out = Printed.lines(() -> ProxyCookiesExample.run(proxy.url("u:p"),
                    base() + "/set-cookie?c=session%3D42", cookies));
            assertThat(out).containsExactly("200 via http://***@127.0.0.1:" + proxy.port());
            assertThat(proxy.requests()).isEqualTo(1);
        }
        assertThat(Files.readString(cookies)).contains("session\t42");
    }
}
