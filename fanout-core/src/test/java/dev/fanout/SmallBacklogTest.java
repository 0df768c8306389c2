package dev.fanout;

import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server as small as {@code python3 -m http.server}: a listen backlog of one, a thread per connection, an
 * HTTP/1.0 response that closes every connection. Many requests at once must overflow its accept queue (SYNs
 * and handshakes' last ACKs dropped by the kernel), yet each request ends in exactly one record, answered on
 * its first attempt, and the server serves each exactly once.
 */
@ExtendWith(LeakCheckExtension.class)
class SmallBacklogTest {
    private static final int REQUESTS = 400;

    @Test
    @Timeout(60)
    void everyRequestToAClosingServerWithATinyBacklogGetsExactlyOneRecord() throws Exception {
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> accept(listener, served));
            String base = "http://127.0.0.1:" + listener.getLocalPort() + "/";
            List<Request> requests = IntStream.range(0, REQUESTS).mapToObj(i -> Request.get(base + i)).toList();
            List<Outcome> outcomes;
            try (Fanout fanout = Fanout.builder().concurrency(50).retries(0).timeout(Duration.ofSeconds(30)).build()) {
                outcomes = fanout.fetchAll(requests);
            }
            listener.close();
            acceptor.join();

            assertThat(outcomes).hasSize(REQUESTS);
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.status()).as(o.request().url()).isEqualTo(200);
                assertThat(o.attempts()).isEqualTo(1);
            });
            assertThat(outcomes.stream().mapToLong(Outcome::index).sorted().toArray())
                    .containsExactly(IntStream.range(0, REQUESTS).asLongStream().toArray());
            assertThat(served).hasSize(REQUESTS);
            assertThat(served.values()).allSatisfy(n -> assertThat(n.get()).as("served once").isEqualTo(1));
        }
    }

    private static void accept(ServerSocket listener, Map<String, AtomicInteger> served) {
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> serve(s, served));
        }
    }

    /** Reads one request head and answers it with a body and a close; a socket that sends nothing is closed. */
    private static void serve(Socket s, Map<String, AtomicInteger> served) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            StringBuilder head = new StringBuilder();
            int b;
            while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                head.append((char) b);
            }
            if (head.indexOf("\r\n\r\n") < 0) {
                return; // a redial that lost its race: closed before any request
            }
            String path = head.substring(head.indexOf(" ") + 1, head.indexOf(" HTTP/"));
            served.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            out.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the client closed first; nothing was served on this socket
        }
    }
}
