package dev.fanout.cli;

import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a run ends its process: by halting when the launcher lets it ({@code -Dfanout.exit=halt}, the native
 * libraries loaded from its directory), else by System.exit, and either way with every record written, its exit code
 * and nothing left in the temporary directory. A real child process and job database; the JDK's own log of
 * {@code Runtime.exit} (logger {@code java.lang.Runtime}, turned on here) tells which way it ended.
 */
class ExitTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension(TestServer.builder());

    @ParameterizedTest
    @CsvSource({"true, stdout", "true, sqlite", "false, stdout", "false, sqlite"})
    void aRunEndsWithEveryRecordWrittenAndItsExitCodeAndLeavesNoTemporaryFile(boolean halt, String output, @TempDir Path dir)
            throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path exitLog = dir.resolve("exit.log");
        Path logging = Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers=java.util.logging.FileHandler", "java.util.logging.FileHandler.pattern=" + exitLog,
                "java.util.logging.FileHandler.level=ALL", "java.lang.Runtime.level=ALL", ""));
        List<String> jvm = new ArrayList<>(Child.sqliteLibrary(Files.createDirectories(dir.resolve("natives"))));
        jvm.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-Djava.util.logging.config.file=" + logging));
        if (halt) {
            jvm.add("-Dfanout.exit=halt");
        }
        int half = 1_000;
        Path db = dir.resolve("out.sqlite");
        List<String> args = new ArrayList<>(List.of("get", "http://127.0.0.1:{port}/items/{i}",
                "-p", "port=" + java.net.URI.create(server.url("/")).getPort() + ",1", "-p", "i=1.." + half, "--retries", "0", "-q"));
        if (output.equals("sqlite")) {
            args.addAll(List.of("-o", db.toString()));
        }
        Process child = new ProcessBuilder(Child.command(List.of(), jvm, args.toArray(String[]::new)))
                .redirectInput(new java.io.File("/dev/null")).redirectError(dir.resolve("err").toFile()).start();
        byte[] out;
        try (InputStream records = child.getInputStream()) {
            out = records.readAllBytes(); // to the end of the stream: all that was written before the process ended
        }
        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(Child.read(dir.resolve("err"))).isEqualTo(ExitCode.SOME_FAILED);
        List<String> statuses;
        if (output.equals("sqlite")) {
            statuses = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 ResultSet rows = c.createStatement().executeQuery("SELECT status FROM results")) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
        } else {
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(text).endsWith("}\n");
            statuses = text.lines().map(l -> l.replaceAll(".*\"status\":([0-9]+|null).*", "$1")).toList();
        }
        assertThat(statuses).hasSize(2 * half);
        assertThat(statuses.stream().filter(st -> st == null || st.equals("null"))).as("refused: port 1").hasSize(half);
        assertThat(statuses.stream().filter("200"::equals)).hasSize(half);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("left in the temporary directory").isEmpty();
        }
        assertThat(Child.read(exitLog)).as("the JDK's log of Runtime.exit").satisfies(log -> {
            if (halt) {
                assertThat(log).doesNotContain("Runtime.exit");
            } else {
                assertThat(log).contains("Runtime.exit");
            }
        });
    }
}
