package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.TestServerExtension;
import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry, timeout, rate and host options of {@code fanout get}, against the fault server on loopback. */
@ExtendWith(LeakCheckExtension.class)
class ResilienceOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static String url(String path) {
        return server.url(path);
    }

    @Test
    void retriesAreCountedInTheRecordAndTheSummaryByReason() {
        CliRun run = CliRun.of("get", "--retries", "2", "--backoff", "1ms", url("/items/1?fault=status&status=503"),
                url("/items/2?fault=reset&times=1"));
        List<JsonNode> records = run.records();
        JsonNode gaveUp = records.stream().filter(r -> r.get("url").asText().contains("/items/1")).findFirst().orElseThrow();
        assertThat(gaveUp.get("status").asInt()).isEqualTo(503);
        assertThat(gaveUp.get("attempts").asInt()).isEqualTo(3);
        assertThat(gaveUp.get("last_error").asText()).isEqualTo("503");
        JsonNode recovered = records.stream().filter(r -> r.get("url").asText().contains("/items/2")).findFirst().orElseThrow();
        assertThat(recovered.get("status").asInt()).isEqualTo(200);
        assertThat(recovered.get("attempts").asInt()).isEqualTo(2);
        assertThat(recovered.get("last_error").asText()).startsWith("reset: ");
        assertThat(run.err()).contains("retries 3 (503 2, reset 1)");
    }

    @Test
    void retryOnChoosesWhatIsRetried() {
        CliRun byDefault = CliRun.of("get", "-q", "--backoff", "1ms", url("/items/3?fault=status&status=500&times=1"));
        assertThat(byDefault.records().get(0).get("status").asInt()).isEqualTo(500);
        CliRun chosen = CliRun.of("get", "-q", "--backoff", "1ms", "--retry-on", "5xx",
                url("/items/4?fault=status&status=500&times=1"));
        assertThat(chosen.records().get(0).get("status").asInt()).isEqualTo(200);
        assertThat(chosen.records().get(0).get("attempts").asInt()).isEqualTo(2);
        CliRun off = CliRun.of("get", "-q", "--retries", "0", url("/items/5?fault=status&status=503&times=1"));
        assertThat(off.records().get(0).get("status").asInt()).isEqualTo(503);
    }

    @Test
    void aPostIsRetriedOnlyWithRetryUnsafe() {
        CliRun safe = CliRun.of("get", "-q", "--backoff", "1ms", "-X", "POST", "-d", "{}",
                url("/echo?fault=status&status=503&times=1&n=1"));
        assertThat(safe.records().get(0).get("attempts").asInt()).isEqualTo(1);
        CliRun unsafe = CliRun.of("get", "-q", "--backoff", "1ms", "--retry-unsafe", "-X", "POST", "-d", "{}",
                url("/echo?fault=status&status=503&times=1&n=2"));
        assertThat(unsafe.records().get(0).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void phaseTimeoutsNameThePhase() {
        CliRun stalled = CliRun.of("get", "-q", "--retries", "0", "--first-byte-timeout", "200ms", url("/items/6?fault=stall"));
        assertThat(stalled.records().get(0).get("message").asText())
                .isEqualTo("timeout (first byte): no response within 200 ms of sending the request");
        CliRun dripping = CliRun.of("get", "-q", "--retries", "0", "--read-timeout", "300ms", url("/items/7?fault=drip&ms=2000"));
        assertThat(dripping.records().get(0).get("error").asText()).isEqualTo("timeout");
        assertThat(dripping.records().get(0).get("message").asText()).startsWith("timeout (read): no data for 300 ms");
    }

    @Test
    void aHostThatKeepsRefusingIsGivenUp() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closed;
        CliRun run = CliRun.of("get", "-c", "1", "--retries", "0", "--dead-host-after", "2", "--ordered",
                base + "/1", base + "/2", base + "/3", base + "/4", url("/items/1"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(run.records()).extracting(r -> r.get("error").isNull() ? "ok" : r.get("error").asText())
                .containsExactly("connect", "connect", "host_unreachable", "host_unreachable", "ok");
        assertThat(run.err()).contains("unreachable: host " + base + " given up after 2 connection failures in a row");
    }

    @Test
    void aRateSpacesRequestStarts() {
        long start = System.nanoTime();
        CliRun run = CliRun.of("get", "-q", "--rate", "20/s", url("/items/{id}"), "-p", "id=1..11");
        long took = System.nanoTime() - start;
        assertThat(run.records()).hasSize(11);
        // ten gaps of 50 ms at least: the bucket holds one token, so no burst
        assertThat(took).isGreaterThanOrEqualTo(500_000_000L);
        assertThat(server.get().stats().peakInFlight()).isEqualTo(1);
    }

    @Test
    void adaptiveReportsWhereEachHostSettled() {
        CliRun run = CliRun.of("get", "--adaptive", url("/items/{id}"), "-p", "id=1..200");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).containsPattern("adaptive " + server.get().baseUrl().replace(".", "\\.") + ": settled at \\d+ in flight");
    }

    @Test
    void badResilienceOptionsAreOneLineUsageErrors() {
        for (String[] args : List.of(new String[]{"--rate", "5/d"}, new String[]{"--retry-on", "503,sometimes"},
                new String[]{"--retries", "-1"}, new String[]{"--burst", "0", "--rate", "5/s"})) {
            CliRun run = CliRun.of(CliRun.concat(new String[]{"get"}, CliRun.concat(args, new String[]{url("/items/1")})));
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().lines().findFirst().orElse("")).as(String.join(" ", args)).startsWith("fanout get: " + args[0]);
        }
        assertThat(server.get().stats().totalRequests()).isZero();
    }
}
