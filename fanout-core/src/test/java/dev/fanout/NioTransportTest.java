package dev.fanout;

import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NIO transport, which a run uses where Netty's epoll library is missing (macOS, Windows, other CPUs than the
 * native jar's) or with {@code -Dfanout.io=nio}: plain HTTP/1.1 on kept connections, HTTPS over HTTP/2 and over
 * HTTP/1.1, and a refused connection, each while its client's I/O threads run NIO's selector loop.
 */
@ExtendWith(LeakCheckExtension.class)
class NioTransportTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TestServer http;
    static TestServer https;
    static TestServer h2;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("fanout.io", "nio");
        certs = TestCertificates.generate(dir, "nio", "ip:127.0.0.1,dns:localhost");
        http = TestServer.builder().start();
        https = TestServer.builder().tls(certs).start();
        h2 = TestServer.builder().tls(certs).http2(100).start();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("fanout.io");
        http.close();
        https.close();
        h2.close();
    }

    private static Fanout client(boolean http2) {
        return Fanout.builder().concurrency(8).retries(0).tls(new TlsSettings(certs.certificate(), false).withHttp2(http2)).build();
    }

    private static List<Request> items(TestServer server, int n) {
        return IntStream.range(0, n).mapToObj(i -> Request.get(server.url("/items/" + i))).toList();
    }

    /**
     * Whether the I/O threads started since {@code before} (the client's: threads that other tests' clients left
     * parked, as {@code closeForExit} does, were alive before) run NIO's selector loop: never seen in the epoll
     * transport's code, and each seen in NIO's loop within 200 looks at the stacks (a loop between two tasks has
     * neither on its stack for a moment).
     */
    private static boolean ioThreadsRunNio(Set<Thread> before) {
        Set<Thread> seenInNio = new HashSet<>();
        Set<Thread> io = new HashSet<>();
        for (int look = 0; look < 200; look++) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (before.contains(e.getKey()) || !e.getKey().getName().startsWith("fanout-io-")) {
                    continue;
                }
                io.add(e.getKey());
                if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.netty.channel.epoll."))) {
                    return false;
                }
                if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("io.netty.channel.nio.NioIoHandler"))) {
                    seenInNio.add(e.getKey());
                }
            }
            if (!io.isEmpty() && seenInNio.containsAll(io)) {
                return true;
            }
        }
        return false;
    }

    /** {@code n} items fetched from {@code server}, each answered 200, while the client's I/O threads run NIO's loop. */
    private static List<Outcome> fetchedOverNio(TestServer server, int n, boolean http2) {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (Fanout fanout = client(http2)) {
            List<Outcome> all = fanout.fetchAll(items(server, n));
            assertThat(all).hasSize(n).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            assertThat(ioThreadsRunNio(before)).as("NIO's selector loop").isTrue();
            return all;
        }
    }

    @Test
    void plainHttpIsAnsweredOnConnectionsKeptAndReused() {
        long before = http.stats().connectionsAccepted();
        List<Outcome> all = fetchedOverNio(http, 200, true);
        assertThat(all.get(7).bodyText()).contains("\"id\":7");
        assertThat(http.stats().connectionsAccepted() - before).as("at most one connection per slot").isBetween(1L, 8L);
    }

    @Test
    void httpsOverHttp2SharesOneConnection() {
        long before = h2.stats().connectionsAccepted();
        fetchedOverNio(h2, 100, true);
        assertThat(h2.stats().connectionsAccepted() - before).as("one shared connection").isEqualTo(1);
    }

    @Test
    void httpsOverHttp11IsAnswered() {
        fetchedOverNio(https, 100, false);
    }

    @Test
    void aRefusedConnectionIsAConnectFailureThatMaySafelyBeRetried() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (Fanout fanout = client(true)) {
            Outcome o = fanout.fetch(Request.get("http://127.0.0.1:" + closedPort + "/")).join();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.CONNECT);
            assertThat(o.failure().retrySafe()).isTrue();
            assertThat(ioThreadsRunNio(before)).as("NIO's selector loop").isTrue();
        }
    }
}
