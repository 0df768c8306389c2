package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.TestServerExtension;
import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout get} end to end against the real mock API on loopback. */
@ExtendWith(LeakCheckExtension.class)
class GetCommandTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static String url(String path) {
        return server.url(path);
    }

    @Test
    void templateWithARangeGivesOneRecordPerValue() {
        CliRun run = CliRun.of("get", "-q", url("/items/{id}"), "-p", "id=1..50");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        List<JsonNode> records = run.records();
        assertThat(records).hasSize(50);
        assertThat(records).extracting(r -> r.get("params").get("id").asInt())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("error").isNull()).isTrue();
            assertThat(r.get("bytes").asLong()).isPositive();
            assertThat(r.get("elapsed_ms").asDouble()).isPositive();
            assertThat(r.has("body")).isFalse();
        });
        assertThat(server.get().stats().get("/items/{id}").requests()).isEqualTo(50);
    }

    @Test
    void severalParamsGiveEveryCombination() {
        CliRun run = CliRun.of("get", "-q", url("/items/{a}{b}"), "-p", "a=1,2,3", "-p", "b=7..8", "--ordered");
        assertThat(run.records()).extracting(r -> r.get("url").asText().replaceAll(".*/", ""))
                .containsExactly("17", "18", "27", "28", "37", "38");
    }

    @Test
    void urlsComeFromStandardInputWhenNoneAreGiven() {
        String stdin = url("/items/1") + "\n\n# a comment\n" + url("/items/2") + "\n";
        CliRun run = CliRun.withStdin(stdin, "get", "-q");
        assertThat(run.records()).extracting(r -> r.get("url").asText())
                .containsExactlyInAnyOrder(url("/items/1"), url("/items/2"));
    }

    @Test
    void anonymousPlaceholderTakesEachStdinLine() {
        CliRun run = CliRun.withStdin("5\n6\n7\n", "get", "-q", "--body", url("/items/{}"));
        assertThat(run.records()).extracting(r -> r.get("params").get("value").asText()).containsExactlyInAnyOrder("5", "6", "7");
        assertThat(run.records()).allSatisfy(r -> assertThat(r.get("body").asText()).contains("\"name\":\"item-"));
    }

    @Test
    void inputFileSkipsBlanksAndCommentsAndAMalformedLineBecomesARecord(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("urls.txt");
        Files.writeString(file, "# my urls\n" + url("/items/1") + "\n\nhttp://bad host/\n" + url("/status/404") + "\n");
        CliRun run = CliRun.of("get", "-q", "-i", file.toString(), "--ordered");
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        List<JsonNode> records = run.records();
        assertThat(records).extracting(r -> r.get("url").asText())
                .containsExactly(url("/items/1"), "http://bad host/", url("/status/404"));
        assertThat(records.get(1).get("error").asText()).isEqualTo("invalid_url");
        assertThat(records.get(1).get("status").isNull()).isTrue();
        assertThat(records.get(2).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void orderedKeepsInputOrderAndDefaultIsCompletionOrder() {
        String[] slowFirst = {url("/delay/400"), url("/delay/200"), url("/delay/0")};
        CliRun completed = CliRun.of(CliRun.concat(new String[]{"get", "-q"}, slowFirst));
        assertThat(completed.records()).extracting(r -> r.get("index").asInt()).containsExactly(2, 1, 0);
        CliRun ordered = CliRun.of(CliRun.concat(new String[]{"get", "-q", "--ordered"}, slowFirst));
        assertThat(ordered.records()).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2);
    }

    @Test
    void perHostLimitIsObservedAtTheServer() {
        CliRun run = CliRun.of("get", "-q", url("/delay/{ms}"), "-p", "ms=" + "40,".repeat(29) + "40", "-c", "50", "--per-host", "4");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(server.get().stats().get("/delay/{ms}").peakInFlight()).isEqualTo(4);
    }

    @Test
    void concurrencyLimitIsObservedAtTheServer() {
        CliRun run = CliRun.of("get", "-q", url("/delay/{ms}"), "-p", "ms=" + "40,".repeat(29) + "40", "-c", "6");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(server.get().stats().get("/delay/{ms}").peakInFlight()).isEqualTo(6);
    }

    @Test
    void failureKindsForRefusedTimeoutAndMalformed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun run = CliRun.of("get", "-q", "--ordered", "--timeout", "300ms",
                "http://127.0.0.1:" + closed + "/", url("/delay/5000"), "not-a-url", url("/items/1"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(run.records()).extracting(r -> r.get("error").isNull() ? "ok" : r.get("error").asText())
                .containsExactly("connect", "timeout", "invalid_url", "ok");
    }

    @Test
    void csvHasOneColumnPerParamThenStatusErrorElapsedBytes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.csv");
        CliRun run = CliRun.of("get", "-q", "--ordered", url("/items/{id}?ccy={ccy}"), "-p", "id=1,2", "-p", "ccy=USD", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEmpty();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("url,id,ccy,status,error,elapsed_ms,bytes,message,attempts,last_error,redirects,final_url,finished_ms,index");
        assertThat(lines.get(1)).startsWith(url("/items/1?ccy=USD") + ",1,USD,200,,");
        assertThat(lines.get(2)).startsWith(url("/items/2?ccy=USD") + ",2,USD,200,,");
    }

    @Test
    void methodHeadersAndBodyWithPlaceholders() {
        CliRun run = CliRun.of("get", "-q", "--body", "-X", "post", "-H", "X-Item: {id}", "-d", "{\"id\":{id}}",
                url("/echo?id={id}"), "-p", "id=9");
        String echoed = run.records().get(0).get("body").asText();
        assertThat(echoed).contains("\"method\":\"POST\"", "\"x-item\":\"9\"", "\"body\":\"{\\\"id\\\":9}\"");
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedAsInvalidInput() {
        // the second value smuggles a CR/LF into the header
        CliRun run = CliRun.of("get", "-q", "--ordered", "-H", "X-V: {v}", url("/echo?v={v}"), "-p", "v=ok,bad\r\nInjected: 1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(run.records()).extracting(r -> r.get("error").isNull() ? "ok" : r.get("error").asText())
                .containsExactly("ok", "invalid_input");
        assertThat(run.records().get(1).get("message").asText()).isEqualTo("control character in the value of header X-V");
        assertThat(server.get().stats().get("/echo").requests()).isEqualTo(1);
    }

    @Test
    void recordsAreFlushedWhileSlowRequestsAreStillInFlight() throws Exception {
        java.io.PipedInputStream recordsIn = new java.io.PipedInputStream(1 << 16);
        java.io.PipedOutputStream recordsOut = new java.io.PipedOutputStream(recordsIn);
        Io io = new Io(new java.io.ByteArrayInputStream(new byte[0]), recordsOut,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), false, false, 80);
        java.util.concurrent.CompletableFuture<Integer> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> FanoutCommand.execute(io, "get", "-q", url("/items/1"), url("/delay/3000")));
        // the fast record must arrive while the slow request is still in flight
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(recordsIn)).readLine();
        assertThat(first).contains("/items/1");
        assertThat(run).isNotDone();
        assertThat(server.get().stats().get("/delay/{ms}").inFlight()).isEqualTo(1);
        assertThat(run.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    }

    @Test
    void unknownPlaceholderStopsBeforeAnyRequest() {
        CliRun run = CliRun.of("get", url("/items/{id}/{page}"), "-p", "id=1..3");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).isEqualTo("fanout get: unknown placeholder {page}: no -p page=... gives its values");
        assertThat(run.out()).isEmpty();
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    @Test
    void unreadableInputFileStopsBeforeAnyRequest() {
        CliRun run = CliRun.of("get", "-i", "/no/such/urls.txt");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).isEqualTo("fanout get: -i /no/such/urls.txt: cannot read file (no such file)");
    }

    @Test
    void noUrlsWithStdinOnATerminalIsAUsageErrorNotAWait() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Io terminal = new Io(new java.io.ByteArrayInputStream(new byte[0]), java.io.OutputStream.nullOutputStream(),
                new java.io.PrintStream(err, true), true, false, 80);
        assertThat(FanoutCommand.execute(terminal, "get")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("fanout get: no URLs: give them as arguments");
    }

    @Test
    void badOptionIsAUsageError() {
        CliRun run = CliRun.of("get", "--concurrency", "many", url("/items/1"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines().findFirst().orElse("")).contains("--concurrency").contains("many");
    }

    @Test
    void summaryReportsTotalsStatusesAndLatency() {
        CliRun run = CliRun.of("get", url("/items/1"), url("/status/404"), "http://127.0.0.1:1/");
        assertThat(run.err()).contains("fanout: 3 requests in")
                .contains("responses 2 · failed 1 (connect 1)")
                .contains("200: 1", "404: 1")
                .contains("latency ms  p50");
        CliRun quiet = CliRun.of("get", "-q", url("/items/1"));
        assertThat(quiet.err()).isEmpty();
    }
}
