package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestProxy;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy options' errors, and the {@code proxy} field in every output format and in {@code fanout report}. */
@ExtendWith(LeakCheckExtension.class)
class ProxyOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void badProxySettingsStopTheRunWithOneLineNamingThemAndNeverThePassword(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# ok\nhttp://127.0.0.1:3128\nftp://u:hunter2@x:21\n");
        Map<List<String>, String> cases = Map.of(
                List.of("-x", "gopher://u:hunter2@p:70"), "fanout get: --proxy: proxy 'gopher://***@p:70': unsupported scheme 'gopher' (http, https, socks5 or socks5h)",
                List.of("--proxy-list", list.toString()), "fanout get: --proxy-list " + list + " line 3: proxy 'ftp://***@x:21': unsupported scheme 'ftp' (http, https, socks5 or socks5h)",
                List.of("--proxy-list", dir.resolve("none.txt").toString()), "fanout get: --proxy-list " + dir.resolve("none.txt") + ": cannot read the file",
                List.of("-x", "http://p:1", "--proxy-list", list.toString()), "fanout get: give --proxy or --proxy-list, not both",
                List.of("-x", "http://p:1", "--per-proxy", "0"), "fanout get: --per-proxy must be at least 1, got 0",
                List.of("-x", "http://p:1", "--proxy-rotate", "random"), "fanout get: --proxy-rotate: 'random' is neither per-request nor per-host",
                List.of("--noproxy", "10.0.0.0/40"), "fanout get: --noproxy: '10.0.0.0/40': the prefix must be 0 to 32 bits");
        cases.forEach((args, message) -> {
            List<String> all = new java.util.ArrayList<>(List.of("get", server.url("/items/1")));
            all.addAll(args);
            CliRun run = CliRun.of(all.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).as(args.toString()).startsWith(message).doesNotContain("hunter2");
            assertThat(run.out()).isEmpty();
        });
        CliRun env = CliRun.withEnv(Map.of("https_proxy", "socks4://p:1080"), "", "get", server.url("/items/1"));
        assertThat(env.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(env.err()).startsWith("fanout get: https_proxy: proxy 'socks4://p:1080': unsupported scheme 'socks4'");
    }

    @Test
    void everyFormatCarriesTheProxyAndTheReportCountsByProxy(@TempDir Path dir) {
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            String direct = server.url("/items/3").replace("127.0.0.1", "localhost");
            for (String file : List.of("out.jsonl", "out.csv", "out.sqlite")) {
                Path out = dir.resolve(file);
                CliRun run = CliRun.of("get", "-q", "-x", proxy.url("u:p"), "--noproxy", "localhost", "-o", out.toString(),
                        server.url("/items/1"), server.url("/items/2"), direct);
                assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
                CliRun report = CliRun.of("report", out.toString());
                assertThat(report.out() + report.err()).as(file)
                        .contains("proxies  direct: 1  http://***@127.0.0.1:" + proxy.port() + ": 2");
            }
            assertThat(proxy.requests()).isEqualTo(6);
        }
    }
}
