package dev.fanout.cli;

import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report rendered by headless Chromium (Debian's {@code chromium}; {@code ./test} installs it when it
 * can): the page loads from a file with nothing else, and both charts are drawn — the screenshot holds the
 * histogram's bar colour and the throughput chart's, each over a real area, below the tables.
 */
// no LeakCheckExtension: ImageIO starts the JDK's own "Java2D Disposer" thread for good (ReportCommandTest checks the command)
class ReportChromiumTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static Optional<Path> chromium() {
        String configured = System.getenv("FANOUT_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable").map(n -> Path.of(dir, n)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void chromiumDrawsTheLatencyHistogramAndTheThroughputChart(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "skipped: headless Chromium not found on PATH (install Debian's chromium: "
                + "apt-get install chromium; or set FANOUT_CHROMIUM to its path)");

        Path out = dir.resolve("out.jsonl");
        CliRun run = CliRun.of("get", "-q", server.url("/items/{id}"), "-p", "id=1..2000", "-c", "16", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        Path html = dir.resolve("report.html");
        assertThat(CliRun.of("report", out.toString(), "--html", html.toString()).exitCode()).isEqualTo(ExitCode.OK);

        Path png = dir.resolve("shot.png");
        Process p = new ProcessBuilder(List.of(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"), "--window-size=1000,1600",
                "--screenshot=" + png, html.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();

        BufferedImage shot = ImageIO.read(png.toFile());
        int[] histogram = area(shot, 0x4e79a7);
        int[] throughput = area(shot, 0xf28e2b);
        assertThat(histogram[0]).as("histogram bar pixels").isGreaterThan(2_000);
        assertThat(throughput[0]).as("throughput bar pixels").isGreaterThan(2_000);
        assertThat(throughput[1]).as("the throughput chart is drawn below the histogram").isGreaterThan(histogram[1]);
    }

    /** How many pixels have {@code rgb} (within a small tolerance), and the mean row they are on. */
    private static int[] area(BufferedImage image, int rgb) {
        int count = 0;
        long rows = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), rgb)) {
                    count++;
                    rows += y;
                }
            }
        }
        return new int[] {count, count == 0 ? -1 : (int) (rows / count)};
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
