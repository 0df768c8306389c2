package dev.fanout.cli;

import dev.fanout.RetryWaits;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line: fits the width, ASCII outside UTF-8, says when retries wait, and never shares a line with records. */
@ExtendWith(LeakCheckExtension.class)
class ProgressTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static String render(int columns, boolean unicode, RetryWaits waits) {
        return Progress.render("", 12_690, 27_000, 1_480, 3, waits, columns, unicode);
    }

    @Test
    void theLineFitsEveryWidthAndKeepsTheFailuresLongest() {
        for (int columns = 20; columns <= 200; columns++) {
            String line = render(columns, true, RetryWaits.NONE);
            assertThat(line.length()).as("at %d columns: %s", columns, line).isLessThan(columns);
            if (columns >= 40) {
                assertThat(line).as("at %d columns", columns).contains("12,690/27,000", "failed 3");
            }
        }
        assertThat(render(100, true, RetryWaits.NONE)).isEqualTo("[██████████████░░░░░░░░░░░░░░░░]  47% 12,690/27,000  1,480 req/s  ETA 0:10  failed 3");
        // narrower: the bar goes first, then the ETA, then the rate
        assertThat(render(60, true, RetryWaits.NONE)).isEqualTo(" 47% 12,690/27,000  1,480 req/s  ETA 0:10  failed 3");
        assertThat(render(45, true, RetryWaits.NONE)).isEqualTo(" 47% 12,690/27,000  1,480 req/s  failed 3");
        assertThat(render(40, true, RetryWaits.NONE)).isEqualTo(" 47% 12,690/27,000  failed 3");
    }

    @Test
    void outsideAUtf8LocaleTheLineIsAscii() {
        String line = render(100, false, RetryWaits.NONE);
        assertThat(line).startsWith("[##############----------------]").matches("\\p{ASCII}*");
    }

    @Test
    void retriesWaitingForRetryAfterAreSaid() {
        String line = Progress.render("", 0, 5, 0, 0, new RetryWaits(5, 5, Duration.ofSeconds(12)), 120, true);
        assertThat(line).contains("0/5", "waiting for Retry-After: 5 requests, 0:12 left");
        assertThat(Progress.render("", 0, 5, 0, 0, new RetryWaits(1, 0, Duration.ofSeconds(2)), 120, true))
                .contains("waiting to retry: 1 request, 0:02 left");
    }

    @Test
    void asciiOutputGivesStandInsForTheFewNonAsciiCharacters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream ascii = new AsciiOutput(bytes)) {
            ascii.write("responses 5 · failed 0 █░ 87.2× wait… ±3 ms é".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("responses 5 | failed 0 #- 87.2x wait... +/-3 ms ?");
    }

    @Test
    void theWidthIsReadFromSttySize() {
        assertThat(TerminalWidth.parseColumns("24 80\n")).isEqualTo(80);
        assertThat(TerminalWidth.parseColumns("")).isZero();
    }

    @Test
    void recordsToTheSameTerminalNeverShareALineWithProgress() throws IOException {
        FakeTerminal tty = new FakeTerminal(100);
        AtomicInteger width = new AtomicInteger(100);
        StatusLine line = new StatusLine(tty.stream(), true, width::get);
        OutputStream records = new AboveStatusLine(tty.stream(), line);
        for (int i = 0; i < 50; i++) {
            line.show(render(width.get(), true, RetryWaits.NONE));
            // a record arrives in two writes, the flush in between (the sink's buffer filled mid-line)
            records.write(("{\"url\":\"http://x/" + i).getBytes(StandardCharsets.UTF_8));
            records.flush();
            line.show(render(width.get(), true, RetryWaits.NONE));
            records.write("\",\"status\":200}\n".getBytes(StandardCharsets.UTF_8));
            records.flush();
            if (i == 20) { // the terminal is narrowed under a drawn line, which it re-flows into two rows
                tty.resize(60);
                width.set(60);
            }
        }
        line.show(render(width.get(), true, RetryWaits.NONE));
        List<String> screen = tty.screen();
        assertThat(screen.subList(0, screen.size() - 1)).hasSize(50)
                .allSatisfy(row -> assertThat(row).matches("\\{\"url\":\"http://x/\\d+\",\"status\":200}"));
        assertThat(screen.get(screen.size() - 1)).isEqualTo(render(60, true, RetryWaits.NONE));
        line.stop();
        assertThat(tty.screen()).hasSize(50);
    }

    @Test
    void aRunOnATerminalWritesItsRecordsAboveTheProgressLine() {
        FakeTerminal tty = new FakeTerminal(400); // wide enough for a record a row
        StatusLine line = new StatusLine(tty.stream(), true, tty::width);
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new AboveStatusLine(tty.stream(), line),
                new PrintStream(new AboveStatusLine(tty.stream(), line), true, StandardCharsets.UTF_8), false, true, 400, line);
        int code = FanoutCommand.execute(io, "get", server.url("/delay/{ms}"), "-p", "ms=" + "1,".repeat(300) + "400", "-c", "4");
        assertThat(code).isEqualTo(ExitCode.OK);
        List<String> screen = tty.screen();
        assertThat(screen).filteredOn(r -> r.startsWith("{\"url\"")).hasSize(301)
                .allSatisfy(r -> assertThat(r).endsWith("}"));
        assertThat(screen).noneMatch(r -> r.contains("req/s") && !r.startsWith("fanout:"));
        assertThat(screen).anyMatch(r -> r.startsWith("fanout: 301 requests in "));
    }

    @Test
    void theLineSaysWhenRetriesWaitForRetryAfter() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, true, 120);
        int code = FanoutCommand.execute(io, "get", server.url("/items/{id}?fault=status&status=429&retry_after=1&times=1"),
                "-p", "id=1,2", "--progress");
        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("waiting for Retry-After: 2 requests", "retries 2 (429 2)");
    }
}
