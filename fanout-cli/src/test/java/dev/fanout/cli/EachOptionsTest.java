package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.Places;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.fanout.cli.CliRun.concat;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout get --each EXPR}: one record per item, end to end against the mock API's pages of places. */
@ExtendWith(LeakCheckExtension.class)
class EachOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final String[] ITEMS = {"--each", "$.results[*]", "-e", "name=@.name", "-e", "rating=@.rating",
            "-e", "lat=@.geometry.location.lat", "-e", "page_status=$.status"};

    private String search(String query) {
        return server.url("/places/textsearch/json?query=" + query);
    }

    @Test
    void oneRecordPerItemAndOneForEveryInputWithoutItems() throws Exception {
        String refused = "http://127.0.0.1:1/places"; // nothing listens on port 1: the request fails
        CliRun run = CliRun.of(concat(new String[] {"get", "-q", "--ordered", search("cafe"), search("none"),
                server.url("/status/503"), server.url("/site/"), refused}, ITEMS));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SOME_FAILED);
        List<Map<String, String>> rows = EachRecords.jsonl(run.out());
        assertThat(rows).hasSize(2 + 4);

        for (int i = 0; i < 2; i++) {
            Map<String, String> item = rows.get(i);
            assertThat(item.get("url")).isEqualTo(search("cafe"));
            assertThat(item.get("item")).isEqualTo(Integer.toString(i));
            assertThat(item.get("index")).as("both items are the first input's").isEqualTo("0");
            assertThat(item.get("name")).isEqualTo(Places.name("cafe", 1, i));
            assertThat(item.get("rating")).isEqualTo(Places.rating("cafe", 1, i));
            assertThat(item.get("lat")).isEqualTo("49." + i);
            assertThat(item.get("page_status")).as("$ is still the page").isEqualTo("OK");
            assertThat(item.get("status")).isEqualTo("200");
            assertThat(item.get("extract_error")).isNull();
        }
        Map<String, String> none = rows.get(2);
        assertThat(none.get("item")).isNull();
        assertThat(none.get("name")).isNull();
        assertThat(none.get("page_status")).isEqualTo("ZERO_RESULTS");
        assertThat(none.get("extract_error")).isEqualTo("no items at $.results[*]");

        Map<String, String> unavailable = rows.get(3);
        assertThat(unavailable.get("status")).isEqualTo("503");
        assertThat(unavailable.get("item")).isNull();
        assertThat(unavailable.get("name")).isNull();
        assertThat(unavailable.get("extract_error")).as("the status says it").isNull();

        Map<String, String> html = rows.get(4);
        assertThat(html.get("status")).isEqualTo("200");
        assertThat(html.get("item")).isNull();
        assertThat(html.get("extract_error")).startsWith("body is not JSON");

        Map<String, String> failed = rows.get(5);
        assertThat(failed.get("status")).isNull();
        assertThat(failed.get("error")).isEqualTo("connect");
        assertThat(failed.get("item")).isNull();
        assertThat(failed.get("name")).isNull();
    }

    /** The same run in each output format: the items as rows beside the request's own columns. */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "sqlite"})
    void itemsInEveryFormat(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("places." + format);
        CliRun run = CliRun.of(concat(new String[] {"get", "-q", server.url("/places/textsearch/json?query={q}&per=3"),
                "-p", "q=tea,none,soup", "-o", out.toString()}, ITEMS));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<Map<String, String>> rows = EachRecords.read(out, format);
        assertThat(rows).hasSize(3 + 1 + 3);
        Map<String, List<String>> namesByQuery = new TreeMap<>();
        for (Map<String, String> r : rows) {
            assertThat(r.get("status")).isEqualTo("200");
            namesByQuery.computeIfAbsent(r.get("q"), k -> new ArrayList<>()).add(r.get("item") + ":" + r.get("name"));
            if (r.get("item") != null) {
                int i = Integer.parseInt(r.get("item"));
                assertThat(Double.parseDouble(r.get("rating"))).isEqualTo(Double.parseDouble(Places.rating(r.get("q"), 1, i)));
            }
        }
        assertThat(namesByQuery.get("tea")).containsExactlyInAnyOrder("0:tea #1.0", "1:tea #1.1", "2:tea #1.2");
        assertThat(namesByQuery.get("soup")).containsExactlyInAnyOrder("0:soup #1.0", "1:soup #1.1", "2:soup #1.2");
        assertThat(namesByQuery.get("none")).containsExactly("null:null");
        if (format.equals("csv")) {
            assertThat(EachRecords.csvHeader(Files.readString(out))).startsWith("url", "q", "item", "name", "rating", "lat", "page_status", "status");
        } else {
            CliRun report = CliRun.of("report", out.toString());
            assertThat(report.out()).as("a request counts once, not once per item").contains("records 3 · responses 3 · failed 0");
        }
    }

    /** A paginated crawl: the next link of every page is followed, and every page's items are records. */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void followNextGivesTheItemsOfEveryPage(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("crawl." + format);
        CliRun run = CliRun.of(concat(new String[] {"get", "-q", search("ramen"), search("pho"), "--follow", "$.next",
                "-o", out.toString()}, ITEMS));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<Map<String, String>> rows = EachRecords.read(out, format);
        assertThat(rows).as("2 queries x 3 pages x 2 items").hasSize(12);
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, String> r : rows) {
            assertThat(r.get("item")).isNotNull();
            seen.merge(r.get("name"), 1, Integer::sum);
            assertThat(r.get("depth")).as(r.get("name")).isEqualTo(Integer.toString(Integer.parseInt(r.get("name").replaceAll(".*#(\\d)\\..*", "$1")) - 1));
        }
        for (String q : List.of("ramen", "pho")) {
            for (int page = 1; page <= 3; page++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(seen.get(Places.name(q, page, i))).as(Places.name(q, page, i)).isEqualTo(1);
                }
            }
        }
        assertThat(server.get().stats().get("/places/textsearch/json").requests()).as("each page once").isEqualTo(6);
    }

    /**
     * With --job, --retry-failed takes out the one record of a failed input and keeps every item record of
     * the others, wherever they stand in the output.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv"})
    void retryFailedKeepsTheOtherInputsItemsExactlyOnce(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("retry." + format);
        Path job = dir.resolve("retry.job");
        String[] args = concat(new String[] {"get", "-q", "--ordered", search("a"), server.url("/status/503"), search("b"),
                server.url("/status/500"), search("c"), "--job", job.toString(), "-o", out.toString()}, ITEMS);
        CliRun first = CliRun.of(args);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK); // a 5xx is a response
        assertThat(EachRecords.read(out, format)).hasSize(3 * 2 + 2);
        for (int round = 1; round <= 2; round++) { // the second round works on places the first renumbered
            long statusRequests = server.get().stats().get("/status/{code}").requests();
            CliRun again = CliRun.of(concat(args, new String[] {"--retry-failed"}));
            assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.OK);
            assertThat(server.get().stats().get("/status/{code}").requests()).as("the 5xx inputs ran again").isGreaterThan(statusRequests);
            assertThat(server.get().stats().get("/places/textsearch/json").requests()).as("the others did not").isEqualTo(3);
            assertExactlyOnce(EachRecords.read(out, format));
        }
    }

    private void assertExactlyOnce(List<Map<String, String>> rows) {
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, String> r : rows) {
            seen.merge(r.get("url") + " " + r.get("item"), 1, Integer::sum);
        }
        assertThat(seen).hasSize(3 * 2 + 2);
        assertThat(seen.values()).containsOnly(1);
        for (String q : List.of("a", "b", "c")) {
            assertThat(seen).containsKeys(search(q) + " 0", search(q) + " 1");
        }
    }

    @Test
    void badEachExpressionsAreUsageErrors() {
        CliRun css = CliRun.of("get", search("x"), "--each", "css:li");
        assertThat(css.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(css.err()).contains("--each 'css:li': items are selected with a JSONPath or JSON Pointer");
        CliRun broken = CliRun.of("get", search("x"), "--each", "$.results[");
        assertThat(broken.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(broken.err()).contains("--each '$.results[': JSONPath $.results[: expected a name, index, slice, * or filter at position 11");
        CliRun reserved = CliRun.of("get", search("x"), "--each", "$.results[*]", "-e", "item=@.name");
        assertThat(reserved.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(reserved.err()).contains("'item' is already a record column");
        assertThat(server.get().stats().totalRequests()).isZero();
    }
}
