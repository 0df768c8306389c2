package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets given to fanout reach the server and nothing else. */
@ExtendWith(LeakCheckExtension.class)
class SecurityOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final String SEEN_AUTH = "auth=$.headers.authorization";

    @Test
    void aHeaderValueFromAFileIsSentAndNeverWritten(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token.txt");
        Files.writeString(token, "Bearer s3cret-{not-a-placeholder}\n");
        CliRun run = CliRun.of("get", "-q", server.url("/echo"), "-H", "Authorization: @" + token, "-e", SEEN_AUTH);
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.records().get(0).get("fields").get("auth").asText()).isEqualTo("Bearer s3cret-{not-a-placeholder}");

        CliRun quiet = CliRun.of("get", server.url("/echo"), "-H", "Authorization: @" + token);
        assertThat(quiet.out() + quiet.err()).doesNotContain("s3cret");
    }

    @Test
    void aHeaderValueFromTheEnvironment() {
        String home = System.getenv("HOME");
        CliRun run = CliRun.of("get", "-q", server.url("/echo"), "-H", "X-Home: at ${HOME}", "-e", "home=$.headers.x-home");
        assertThat(run.records().get(0).get("fields").get("home").asText()).isEqualTo("at " + home);
    }

    @Test
    void unreadableOrUnsetSecretsStopTheRunWithoutShowingAnything(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.of("get", server.url("/echo"), "-H", "Authorization: @" + dir.resolve("nope"));
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("fanout get: -H Authorization: cannot read ");
        CliRun unset = CliRun.of("get", server.url("/echo"), "-H", "X-Key: ${FANOUT_TEST_SURELY_UNSET_VARIABLE}");
        assertThat(unset.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unset.err()).contains("environment variable FANOUT_TEST_SURELY_UNSET_VARIABLE is not set");
        Path twoLines = dir.resolve("two-lines.txt");
        Files.writeString(twoLines, "Bearer abc\r\nX-Injected: yes\n");
        CliRun injected = CliRun.of("get", server.url("/echo"), "-H", "Authorization: @" + twoLines);
        assertThat(injected.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(injected.err()).contains("control character").doesNotContain("abc");
        assertThat(server.get().stats().totalRequests()).isZero();
    }

    @Test
    void urlCredentialsAreSentAsBasicAuthAndRedactedFromRecords() {
        String url = server.url("/echo").replace("http://", "http://alice:s3cr%40t@");
        CliRun run = CliRun.of("get", "-q", url, "-e", SEEN_AUTH);
        JsonNode record = run.records().get(0);
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cr@t".getBytes(StandardCharsets.UTF_8));
        assertThat(record.get("fields").get("auth").asText()).isEqualTo(expected);
        assertThat(record.get("url").asText()).isEqualTo(server.url("/echo").replace("http://", "http://***@"));

        CliRun csv = CliRun.of("get", url, "--format", "csv");
        assertThat(csv.out() + csv.err()).doesNotContain("alice").doesNotContain("s3cr");
    }

    @Test
    void saveDirWritesOneFilePerResponseAndRecordsSayWhich(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bodies");
        CliRun run = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..5", "--save-dir", out.toString(), "--format", "csv");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        var rows = run.out().lines().toList();
        assertThat(rows.get(0)).endsWith(",saved");
        assertThat(rows).hasSize(6);
        for (String row : rows.subList(1, rows.size())) {
            Path saved = Path.of(row.substring(row.lastIndexOf(',') + 1));
            assertThat(saved.getParent()).isEqualTo(out.toRealPath());
            String id = row.split(",")[1];
            assertThat(Files.readString(saved)).contains("\"id\":" + id + ",");
        }
        // a second run into the same directory keeps the first run's files
        CliRun again = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..5", "--save-dir", out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        try (var files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(10);
        }
    }

    @Test
    void cacertTrustsAServerAndInsecureWarns(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "local", "ip:127.0.0.1");
        try (TestServer https = TestServer.builder().tls(certs).start()) {
            CliRun refused = CliRun.of("get", "-q", https.url("/small"), "--retries", "0");
            assertThat(refused.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
            assertThat(refused.records().get(0).get("error").asText()).isEqualTo("tls");

            CliRun trusted = CliRun.of("get", "-q", https.url("/small"), "--cacert", certs.certificate().toString());
            assertThat(trusted.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(trusted.err()).isEmpty();

            CliRun insecure = CliRun.of("get", "-q", https.url("/small"), "--insecure");
            assertThat(insecure.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(insecure.err()).contains("warning: --insecure");
        }
        CliRun badFile = CliRun.of("get", "http://127.0.0.1:9/", "--cacert", dir.resolve("local.p12").toString());
        assertThat(badFile.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badFile.err()).startsWith("fanout get: --cacert: cannot read certificates from");
    }

    @Test
    void redirectsAreFollowedAndRecorded() {
        CliRun run = CliRun.of("get", "-q", server.url("/redirect/2"), "--format", "csv");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().toList().get(1)).contains(",200,").containsPattern(",2," + java.util.regex.Pattern.quote(server.url("/redirect/0")) + ",\\d{13},0$");
        CliRun off = CliRun.of("get", "-q", server.url("/redirect/2"), "--max-redirects", "0");
        assertThat(off.records().get(0).get("status").asInt()).isEqualTo(302);
        CliRun loop = CliRun.of("get", "-q", server.url("/redirect-loop/a"));
        assertThat(loop.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(loop.records().get(0).get("error").asText()).isEqualTo("redirect");
    }

    @Test
    void http2IsSpokenWhenOfferedAndHttp1OnlyOnRequest(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "h2", "ip:127.0.0.1");
        try (TestServer https = TestServer.builder().tls(certs).http2(100).start()) {
            CliRun h2 = CliRun.of("get", "-q", https.url("/items/{id}"), "-p", "id=1..50", "-c", "10", "--cacert", certs.certificate().toString());
            assertThat(h2.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(h2.records()).hasSize(50);
            assertThat(https.stats().counted("protocol:h2")).isEqualTo(50);
            assertThat(https.stats().connectionsAccepted()).isEqualTo(1);

            CliRun h1 = CliRun.of("get", "-q", https.url("/items/1"), "--http1.1", "--cacert", certs.certificate().toString());
            assertThat(h1.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(https.stats().counted("protocol:h2")).as("the h1 request was not on h2").isEqualTo(50);
        }
    }

    @Test
    void blockNetworkRefusesRedirectsIntoItAndBadNetworksAreUsageErrors() {
        String viaLocalhost = server.url("/items/1").replace("127.0.0.1", "localhost");
        String redirect = server.url("/redirect-to?url=" + java.net.URLEncoder.encode(viaLocalhost, StandardCharsets.UTF_8));
        CliRun blocked = CliRun.of("get", "-q", redirect, "--block-network", "127.0.0.0/8");
        assertThat(blocked.exitCode()).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(blocked.records().get(0).get("error").asText()).isEqualTo("blocked");
        assertThat(blocked.records().get(0).get("message").asText()).contains("localhost resolves to 127.0.0.1");

        CliRun bad = CliRun.of("get", server.url("/items/1"), "--block-network", "10.0.0.0/40");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).isEqualTo("fanout get: --block-network: '10.0.0.0/40': the prefix must be 0 to 32 bits\n");
    }
}
