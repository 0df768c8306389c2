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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --job}: a finished job does nothing more, another command is refused, failures can be run again. */
@ExtendWith(LeakCheckExtension.class)
class JobOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();


    @Test
    void aFinishedJobRunAgainSendsNothingAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        String[] args = {"get", server.url("/items/{id}"), "-p", "id=1..300", "--job", dir.resolve("j.db").toString(), "-o", out.toString()};
        assertThat(CliRun.of(args).exitCode()).isEqualTo(ExitCode.OK);
        byte[] first = Files.readAllBytes(out);
        long sent = server.get().stats().totalRequests();

        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(again.err()).contains("300 inputs were done before this run, 0 now");
        assertThat(server.get().stats().totalRequests()).isEqualTo(sent);
        assertThat(Files.readAllBytes(out)).isEqualTo(first);
        assertThat(CliRun.records(out)).extracting(r -> r.get("index").asLong()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(0, 300).boxed().toList());
    }

    @Test
    void anotherCommandIsRefusedUnlessForcedAndSecretsStayOutOfTheJobFile(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        CliRun first = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..5", "-H", "Authorization: Bearer s3cret-token",
                "--job", job.toString(), "-o", out.toString());
        assertThat(first.exitCode()).isEqualTo(ExitCode.OK);

        CliRun other = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..9", "--job", job.toString(), "-o", out.toString());
        assertThat(other.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(other.err()).startsWith("fanout get: --job " + job + " belongs to another command: it was started as `fanout get http")
                .contains("Authorization: sha256:").doesNotContain("s3cret").contains("--force");

        CliRun forced = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..9", "--job", job.toString(), "-o", out.toString(), "--force");
        assertThat(forced.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(CliRun.records(out)).hasSize(9);
        assertThat(new String(Files.readAllBytes(job), StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    }

    @Test
    void tuningIsNotAnotherJob(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.jsonl");
        String[] job1 = {"get", "-q", server.url("/items/{id}"), "-p", "id=1..40", "-H", "X-Team: blue", "--job", job.toString(), "-o", out.toString()};
        assertThat(CliRun.of(concat(job1, "-c", "4")).exitCode()).isEqualTo(ExitCode.OK);
        long sent = server.get().stats().totalRequests();

        // how fast and how stubbornly, options in another order, --name=value: the same job, which is done
        CliRun tuned = CliRun.of("get", "--output=" + out, "--job", job.toString(), "-c", "50", "--per-host", "10", "--rate", "1000/s",
                "--burst", "5", "--retries", "5", "--retry-on", "5xx,reset", "--backoff", "50ms", "--max-retry-wait", "2s",
                "--timeout", "20s", "--connect-timeout", "3s", "--first-byte-timeout", "5s", "--read-timeout", "5s", "--adaptive",
                "--dead-host-after", "3", "--max-body", "1MiB", "--http1.1", "--ordered", "--no-progress",
                server.url("/items/{id}"), "--header=X-Team: blue", "--param=id=1..40");
        assertThat(tuned.exitCode()).as(tuned.err()).isEqualTo(ExitCode.OK);
        assertThat(tuned.err()).contains("40 inputs were done before this run, 0 now");
        assertThat(server.get().stats().totalRequests()).isEqualTo(sent);
        assertThat(CliRun.records(out)).hasSize(40);

        // what the requests are, or what is written, is another job
        for (String[] other : new String[][] {{"-H", "X-Team: red"}, {"-X", "POST"}, {"-e", "n=$.id"}, {"--body"}, {"-d", "x"}}) {
            CliRun refused = CliRun.of(concat(job1, other));
            assertThat(refused.exitCode()).as(String.join(" ", other)).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).as(String.join(" ", other)).contains("belongs to another command");
        }
    }

    @Test
    void retryFailedRunsTheFailuresAgainAndReplacesTheirRecords(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path out = dir.resolve("out.csv");
        // fraction=1: every request is answered 503 (no retries here), a response, so the run itself succeeds
        String[] failing = {"get", "-q", server.url("/items/{id}?fault=status&status=503&fraction={f}"), "-p", "id=1..20", "-p", "f=1",
                "--retries", "0", "--job", job.toString(), "-o", out.toString()};
        CliRun first = CliRun.of(failing);
        assertThat(first.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllLines(out).subList(1, 21)).allSatisfy(l -> assertThat(l).contains(",503,"));

        // the same command with the fraction now 0 would be another command; --retry-failed with --force reruns them
        String[] healed = failing.clone();
        healed[6] = "f=0";
        CliRun retried = CliRun.of(concat(healed, "--retry-failed", "--force"));
        assertThat(retried.exitCode()).isEqualTo(ExitCode.OK);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(21);
        assertThat(lines.subList(1, 21)).allSatisfy(l -> assertThat(l).contains(",200,"));
    }

    @Test
    void changedInputsAreRefused(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("j.db");
        Path urls = Files.writeString(dir.resolve("urls.txt"), server.url("/items/1") + "\n" + server.url("/items/2") + "\n");
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.of("get", "-q", "-i", urls.toString(), "--job", job.toString(), "-o", out.toString()).exitCode()).isEqualTo(ExitCode.OK);
        Files.writeString(urls, server.url("/items/7") + "\n" + server.url("/items/2") + "\n" + server.url("/items/3") + "\n");
        CliRun changed = CliRun.of("get", "-q", "-i", urls.toString(), "--job", job.toString(), "-o", out.toString());
        assertThat(changed.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(changed.err()).contains("input 1 (" + server.url("/items/7") + ") is not the request the job");
    }

    @Test
    void aCrawlsJobContinuedWithoutFollowIsRefusedInTheFlagsWords(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("crawl.job");
        Path out = dir.resolve("out.jsonl");
        CliRun crawl = CliRun.withStdin("1\n", "get", "-q", server.url("/v0/item/{}.json"), "--follow", "$.kids[*]",
                "--max-requests", "5", "--job", job.toString(), "-o", out.toString());
        assertThat(crawl.exitCode()).isEqualTo(ExitCode.OK);

        // --force gets it past the other settings; the kind of run cannot change
        CliRun plain = CliRun.withStdin("1\n", "get", "-q", server.url("/v0/item/{}.json"), "--job", job.toString(),
                "-o", out.toString(), "--force");
        assertThat(plain.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(plain.err()).isEqualTo("fanout: --job " + job + " was started as a crawl (--follow) and cannot be "
                + "continued without --follow: use another job file\n");
    }

    @Test
    void aPlainJobContinuedWithFollowIsRefusedInTheFlagsWords(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("plain.job");
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.of("get", "-q", server.url("/v0/item/1.json"), "--job", job.toString(), "-o", out.toString())
                .exitCode()).isEqualTo(ExitCode.OK);

        CliRun crawl = CliRun.of("get", "-q", server.url("/v0/item/1.json"), "--follow", "$.kids[*]", "--job", job.toString(),
                "-o", out.toString(), "--force");
        assertThat(crawl.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(crawl.err()).isEqualTo("fanout: --job " + job + " was started without --follow and cannot be "
                + "continued as a crawl: use another job file\n");
    }

    @Test
    void sqliteOutputIsATableWithFieldsAsColumns(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("quotes.sqlite");
        CliRun run = CliRun.of("get", "-q", server.url("/v8/finance/chart/{sym}"), "-p", "sym=AAPL,ZZNOPE",
                "-e", "price=$.chart.result[0].meta.regularMarketPrice | round(2)", "-o", db.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT idx, sym, price, typeof(price), status FROM results ORDER BY idx")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString("sym")).isEqualTo("AAPL");
            assertThat(r.getString(4)).isEqualTo("real");
            assertThat(r.getInt("status")).isEqualTo(200);
            assertThat(r.next()).isTrue();
            assertThat(r.getString("sym")).isEqualTo("ZZNOPE");
            assertThat(r.getObject("price")).isNull();
            assertThat(r.getInt("status")).isEqualTo(404);
            assertThat(r.next()).isFalse();
        }
        CliRun stdout = CliRun.of("get", server.url("/items/1"), "--format", "sqlite");
        assertThat(stdout.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(stdout.err()).isEqualTo("fanout get: --format sqlite needs -o FILE\n");
    }

    private static String[] concat(String[] a, String... b) {
        return CliRun.concat(a, b);
    }
}
