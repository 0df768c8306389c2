package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** -b and --cookie-jar: cookies sent, kept across two runs in curl's jar format, and never written elsewhere. */
@ExtendWith(LeakCheckExtension.class)
class CookieOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final String SEEN = "cookie=$.headers.cookie";

    @Test
    void cookiesGivenWithDashBGoWithEveryRequestAndAreNotPrinted() {
        CliRun run = CliRun.of("get", server.url("/echo"), server.url("/echo?2"), "-b", "session=t0ps3cret; theme=dark", "-e", SEEN);
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).extracting(r -> r.get("fields").get("cookie").asText())
                .containsOnly("session=t0ps3cret; theme=dark");
        CliRun plain = CliRun.of("get", "-o", "-", server.url("/echo"), "-b", "session=t0ps3cret");
        assertThat(plain.err()).doesNotContain("t0ps3cret");
        assertThat(plain.records().get(0).toString()).doesNotContain("t0ps3cret");
    }

    @Test
    void aJarKeepsCookiesAcrossTwoRuns(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("cookies.txt");
        String login = server.url("/set-cookie?c=" + URLEncoder.encode("sid=abc123; Path=/; Max-Age=3600; HttpOnly", StandardCharsets.UTF_8)
                + "&c=" + URLEncoder.encode("pref=1; Path=/echo", StandardCharsets.UTF_8));
        CliRun first = CliRun.of("get", "--cookie-jar", jar.toString(), login);
        assertThat(first.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(first.err()).contains("cookies: 2 cookies kept in " + jar).doesNotContain("abc123");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar))).isEqualTo("rw-------");
        assertThat(Files.readString(jar)).startsWith("# Netscape HTTP Cookie File")
                .contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t").contains("\tsid\tabc123\n")
                .contains("127.0.0.1\tFALSE\t/echo\tFALSE\t0\tpref\t1\n");

        CliRun second = CliRun.of("get", "--ordered", "--cookie-jar", jar.toString(), server.url("/echo"), server.url("/items/1"), "-e", SEEN);
        assertThat(second.records().get(0).get("fields").get("cookie").asText()).isEqualTo("pref=1; sid=abc123");

        // curl can read the same file: -b FILE reads a jar without writing it
        CliRun readOnly = CliRun.of("get", "-q", "-b", jar.toString(), server.url("/items/2"), "-e", SEEN);
        assertThat(readOnly.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aJobFileKeepsCookieDataAsADigest(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("job.db");
        CliRun run = CliRun.of("get", "-q", "--job", job.toString(), "-o", dir.resolve("out.jsonl").toString(),
                server.url("/items/1"), "-b", "sid=n3v3r-st0red");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("n3v3r-st0red");
            }
        }
        CliRun again = CliRun.of("get", "-q", "--job", job.toString(), "-o", dir.resolve("out.jsonl").toString(),
                server.url("/items/1"), "-b", "sid=n3v3r-st0red");
        assertThat(again.exitCode()).as("the same cookie gives the same digest: the same job").isEqualTo(ExitCode.OK);
    }
}
