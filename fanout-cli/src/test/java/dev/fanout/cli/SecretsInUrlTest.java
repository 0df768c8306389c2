package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ${ENV}} and {@code @file} in the URL and body; credentials masked in records, the job file, reports and file names. */
@ExtendWith(LeakCheckExtension.class)
class SecretsInUrlTest {
    private static final String KEY = "AIzaSy-s3cr3t-K3y";

    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void aKeyFromAFileGoesIntoTheQueryAndNowhereElse(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key.txt"), KEY + "\n");
        Path out = dir.resolve("out.jsonl");
        Path job = dir.resolve("j.db");
        Path saved = dir.resolve("bodies");
        CliRun run = CliRun.of("get", "-q", server.url("/echo?q={q}&key=@" + keyFile), "-p", "q=a,b",
                "-X", "POST", "-d", "{\"home\":\"${HOME}\",\"pin\":\"4711-literal\"}",
                "-e", "sent=$.uri | count", "--job", job.toString(), "-o", out.toString(), "--save-dir", saved.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        // the server got the key and the body with the environment's value
        List<String> bodies;
        try (Stream<Path> files = Files.list(saved)) {
            bodies = files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(bodies).hasSize(2).allSatisfy(b -> assertThat(b).contains("key=" + KEY)
                .contains("\\\"home\\\":\\\"" + System.getenv("HOME") + "\\\""));
        // records, saved file names, the job file and its report do not hold it
        String records = Files.readString(out);
        assertThat(records).doesNotContain(KEY).contains("&key=***\"");
        try (Stream<Path> files = Files.list(saved)) {
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(2).noneMatch(n -> n.contains("s3cr3t"));
        }
        for (Path f : List.of(job, dir.resolve("j.db-wal"))) {
            if (Files.exists(f)) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(KEY).doesNotContain("4711-literal");
            }
        }
        CliRun report = CliRun.of("report", job.toString());
        assertThat(report.out() + report.err()).doesNotContain(KEY).doesNotContain("4711-literal")
                .contains("key=@" + keyFile).contains("-d sha256:");
    }

    @Test
    void anEnvironmentValueInThePathIsSentAndMaskedAndRedactAddsNames(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("get", "-q", server.url("/echo?where=${HOME}&hint=abc123&token=t0k3n"), "--redact", "hint",
                "-e", "uri=$.uri");
        JsonNode r = run.records().get(0);
        String home = System.getenv("HOME");
        assertThat(r.get("fields").get("uri").asText()).as("what the server got")
                .isEqualTo("/echo?where=" + java.net.URLEncoder.encode(home, StandardCharsets.UTF_8) + "&hint=abc123&token=t0k3n");
        assertThat(r.get("url").asText()).isEqualTo(server.url("/echo?where=***&hint=***&token=***"));

        CliRun unset = CliRun.of("get", server.url("/echo?k=${FANOUT_TEST_SURELY_UNSET_VARIABLE}"));
        assertThat(unset.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unset.err()).isEqualTo("fanout get: the URL: environment variable FANOUT_TEST_SURELY_UNSET_VARIABLE is not set\n");
        CliRun noFile = CliRun.of("get", server.url("/echo?key=@" + dir.resolve("nope.txt")));
        assertThat(noFile.err()).startsWith("fanout get: the URL's key=@…: cannot read ");
    }

    @Test
    void aRefusedConnectionsMessageDoesNotShowTheKey() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.of("get", "-q", "--retries", "0", "http://127.0.0.1:" + port + "/x?api_key=" + KEY, "--format", "csv");
        assertThat(run.out()).contains("api_key=***").doesNotContain(KEY);
    }
}
