package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Link-paginated APIs in one command ({@code --follow link:next}), response headers into fields, robots.txt that cannot be read. */
@ExtendWith(LeakCheckExtension.class)
class PaginationTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void linkNextWalksEveryPageAndHeadersBecomeFields() {
        CliRun run = CliRun.of("get", "--no-progress", server.url("/pages/1?per=10&total=35"), "--follow", "link:next",
                "-e", "total=header:X-Total-Count | int", "-e", "etag=header:ETag", "-e", "next=link:next", "-e", "n=$.items | count",
                "--ordered");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = run.records();
        assertThat(records).extracting(r -> r.get("url").asText().replace(server.url(""), "/").replace("//", "/"))
                .containsExactly("/pages/1?per=10&total=35", "/pages/2?per=10&total=35", "/pages/3?per=10&total=35", "/pages/4?per=10&total=35");
        assertThat(records).allSatisfy(r -> assertThat(r.get("fields").get("total").asInt()).isEqualTo(35));
        assertThat(records).extracting(r -> r.get("fields").get("etag").asText()).containsExactly("\"p1-10-35\"", "\"p2-10-35\"", "\"p3-10-35\"", "\"p4-10-35\"");
        assertThat(records).extracting(r -> r.get("fields").get("n").asInt()).containsExactly(10, 10, 10, 5);
        assertThat(records.get(0).get("fields").get("next").asText()).isEqualTo(server.url("/pages/2?per=10&total=35"));
        assertThat(records.get(3).get("fields").get("next").isNull()).isTrue();
        assertThat(run.err()).contains("crawl: 3 followed from 1 input");
    }

    @Test
    void aRobotsTxtThatCannotBeReadIsNamedInTheSummary() throws Exception {
        try (TestServer broken = TestServer.builder().robotsStatus(503).start()) {
            String first = broken.url("/pages/1?per=10&total=35");
            CliRun run = CliRun.of("get", "--no-progress", "--backoff", "1ms", first, "--follow", "link:next");
            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run.records()).hasSize(1);
            String origin = broken.url("").replaceAll("/$", "");
            assertThat(run.err()).contains("  robots.txt of " + origin + " could not be read (503): the crawl follows nothing there, "
                    + "as RFC 9309 says; --ignore-robots follows it anyway");

            CliRun ignoring = CliRun.of("get", "-q", first, "--follow", "link:next", "--ignore-robots");
            assertThat(ignoring.records()).hasSize(4);
        }
    }
}
