package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout serve} as a process: the address it prints, its warning off loopback, and how fast SIGTERM stops it. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    private static Process serve(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Lines up to and including the "listening on" one. */
    private static List<String> untilListening(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            lines.add(line);
            if (line.contains("listening on")) {
                break;
            }
        }
        return lines;
    }

    private static String baseUrl(List<String> lines) {
        Matcher m = LISTENING.matcher(String.join("\n", lines));
        assertThat(m.find()).as(String.join("\n", lines)).isTrue();
        return m.group(1);
    }

    @Test
    @Timeout(60)
    void anIpv6HostInBracketsIsServedAndPrintedOnceBracketed() throws Exception {
        Process p = serve("--host", "[::1]");
        try {
            List<String> lines = untilListening(p);
            String base = baseUrl(lines);
            assertThat(base).startsWith("http://[::1]:").doesNotContain("[[");
            assertThat(String.join("\n", lines)).doesNotContain("fanout serve: warning");
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/small")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void aNonLoopbackHostIsServedWithAWarning() throws Exception {
        Process p = serve("--host", "0.0.0.0");
        try {
            List<String> lines = untilListening(p);
            assertThat(String.join("\n", lines)).contains("warning: --host 0.0.0.0 is not a loopback address");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void sigtermStopsItPromptlyWithConnectionsOpen() throws Exception {
        Process p = serve();
        List<String> lines = untilListening(p);
        String base = baseUrl(lines);
        try (HttpClient client = HttpClient.newHttpClient()) { // keeps its connection open
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/small")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            p.destroy(); // SIGTERM
            // it was 2.2 s; a prompt stop is well under one second, and this bound leaves room for a loaded machine
            assertThat(p.waitFor(1500, TimeUnit.MILLISECONDS)).as("stopped within 1.5 s of SIGTERM").isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
