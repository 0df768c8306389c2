package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.HnTree;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.Site;
import dev.fanout.testserver.Tickers;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout get -e …} and {@code --follow …} end to end against the mock API on loopback. */
@ExtendWith(LeakCheckExtension.class)
class ExtractCrawlOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final String PRICE = "price=$.chart.result[0].meta.regularMarketPrice | round(2)";

    @Test
    void tickerTemplateGivesOneRoundedPricePerTickerAndTheUnknownOneIts404() {
        List<String> tickers = List.of("AAPL", "MSFT", "GOOG", "BRK.B", "ZZNOPE");
        CliRun run = CliRun.of("get", "-q", server.url("/v8/finance/chart/{t}"), "-p", "t=" + String.join(",", tickers),
                "-e", PRICE, "--format", "csv", "--ordered");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        List<String> rows = run.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("url,t,price,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms,index,extract_error");
        assertThat(rows).hasSize(1 + tickers.size());
        for (int i = 0; i < tickers.size(); i++) {
            String[] cells = rows.get(i + 1).split(",", -1);
            String t = tickers.get(i);
            assertThat(cells[1]).isEqualTo(t);
            if (Tickers.known(t)) {
                assertThat(cells[2]).isEqualTo(Tickers.price(t).setScale(2, RoundingMode.HALF_UP).toPlainString());
                assertThat(cells[3]).isEqualTo("200");
            } else {
                assertThat(cells[2]).as("the unknown ticker's price").isEmpty();
                assertThat(cells[3]).isEqualTo("404");
            }
            assertThat(cells[14]).as("extract_error").isEmpty();
        }
    }

    @Test
    void jsonRecordsCarryFieldsAndAnUnreadableBodyIsAnExtractErrorNotAFailure() {
        CliRun run = CliRun.of("get", "-q", server.url("/site/"), server.url("/v8/finance/chart/AAPL"),
                "-e", PRICE, "-e", "title=css:title", "-e", "symbol=/chart/result/0/meta/symbol");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode page = run.records().stream().filter(r -> r.get("url").asText().endsWith("/site/")).findFirst().orElseThrow();
        assertThat(page.get("status").asInt()).isEqualTo(200);
        assertThat(page.get("fields").get("title").asText()).isEqualTo("Fanout test site");
        assertThat(page.get("fields").get("price").isNull()).isTrue();
        assertThat(page.get("extract_error").asText()).startsWith("body is not JSON");
        JsonNode quote = run.records().stream().filter(r -> r.get("url").asText().endsWith("AAPL")).findFirst().orElseThrow();
        // the rounded price keeps its two decimal places in the JSON text, as cents
        assertThat(run.out()).contains("\"price\":" + Tickers.price("AAPL").setScale(2, RoundingMode.HALF_UP).toPlainString() + ",");
        assertThat(quote.get("fields").get("symbol").asText()).isEqualTo("AAPL");
        assertThat(quote.get("fields").get("title").isNull()).isTrue();
    }

    @Test
    void storyIdsOnStdinFollowKidsToEveryCommentOnce() {
        HnTree tree = server.get().hnTree();
        String ids = IntStream.of(tree.topStories()).mapToObj(Integer::toString).collect(Collectors.joining("\n"));
        CliRun run = CliRun.withStdin(ids, "get", server.url("/v0/item/{}.json"), "--follow", "$.kids[*]");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = run.records();
        assertThat(records).hasSize(tree.size());
        Set<String> urls = new HashSet<>();
        records.forEach(r -> urls.add(r.get("url").asText()));
        assertThat(urls).hasSize(tree.size());
        assertThat(server.get().stats().get("/v0/item/{id}.json").requests()).isEqualTo(tree.size());
        JsonNode comment = records.stream().filter(r -> r.get("depth").asInt() == 2).findFirst().orElseThrow();
        assertThat(comment.get("parent").asText()).matches(".*/v0/item/\\d+\\.json");
        assertThat(comment.get("params").get("value").asText()).isEqualTo(comment.get("url").asText().replaceAll(".*/(\\d+)\\.json", "$1"));
        assertThat(run.err()).contains("crawl: " + String.format("%,d", tree.size() - tree.topStories().length) + " followed from 500 inputs");
    }

    @Test
    void topstoriesWithAFollowTemplateIsOneCommand() {
        // a slice selects from arrays only: $[0:] takes topstories' ids and nothing from an item object
        CliRun run = CliRun.of("get", "-q", server.url("/v0/topstories.json"), "--follow", "$[0:]", "--follow", "$.kids[*]",
                "--follow-template", server.url("/v0/item/{}.json"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).hasSize(1 + server.get().hnTree().size());
        assertThat(server.get().stats().get("/v0/item/{id}.json").requests()).isEqualTo(server.get().hnTree().size());
    }

    @Test
    void htmlCrawlWithTitlesHonoursScopeAndRobots() {
        CliRun run = CliRun.of("get", server.url("/site/"), "--follow", "css:a@href", "-e", "title=css:title", "--format", "csv");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        List<String> rows = run.out().lines().toList();
        assertThat(rows.get(0)).endsWith(",extract_error,depth,parent").startsWith("url,title,status");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.split(",")[0].replace(server.get().baseUrl(), ""))
                .containsExactlyInAnyOrderElementsOf(Site.SAME_HOST_PAGES);
        assertThat(server.get().stats().get(Site.DISALLOWED_PAGE).requests()).isZero();
        assertThat(run.err()).contains("1 disallowed by robots.txt", "1 out of scope", "robots.txt read from 1 host");

        CliRun all = CliRun.of("get", "-q", server.url("/site/"), "--follow", "css:a@href", "--scope", "any", "--ignore-robots");
        assertThat(all.records()).hasSize(Site.SAME_HOST_PAGES.size() + 2);
    }

    @Test
    void badExpressionsAndCrawlOptionsAreUsageErrorsNamingTheInput() {
        assertUsage(CliRun.of("get", server.url("/small"), "-e", "p=$.a["), "fanout get: -e p=$.a[: JSONPath $.a[: ");
        assertUsage(CliRun.of("get", server.url("/small"), "-e", "price"), "fanout get: -e price: 'price': expected name=EXPRESSION");
        assertUsage(CliRun.of("get", server.url("/small"), "-e", "status=$.status"), "'status' is already a record column");
        assertUsage(CliRun.of("get", server.url("/small"), "--follow", "kids"), "fanout get: --follow 'kids': ");
        assertUsage(CliRun.of("get", server.url("/small"), "--max-depth", "2"), "--max-depth only applies to a crawl: add --follow EXPR");
        assertUsage(CliRun.of("get", server.url("/small"), "--follow", "css:a@href", "--scope", "a b"), "--scope: 'a b' is not a host pattern");
        assertUsage(CliRun.of("get", server.url("/x/{a}/{b}"), "-p", "a=1", "-p", "b=2", "--follow", "$.ids[*]"),
                "the template has placeholders {a}, {b}; say which one");
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    private static void assertUsage(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains(message);
        assertThat(run.err().lines().count()).isEqualTo(1);
    }
}
