package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * fanout-core as a library user's build gets it, without its optional jars (jsoup, brotli4j and its natives): the
 * client asks for gzip and deflate only, decodes gzip, extracts JSON and crawls; a CSS expression is refused saying
 * what to add. Run by an execution of its own that leaves those jars off the class path (fanout-core's pom), and
 * against a plain socket server (the test server serves brotli, so it needs brotli4j).
 */
@Tag("without-optional-jars")
class WithoutOptionalJarsTest {
    private static ServerSocket socket;
    private static final Queue<String> acceptEncodings = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void serve() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    answer(s);
                } catch (IOException e) {
                    // closed at the end, or a client gone: the next accept says which
                }
            }
        }, "plain-server");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterAll
    static void stop() throws IOException {
        socket.close();
    }

    /**
     * {@code GET /items/N}: {"id":N,"kids":[2N,2N+1]} for N < 4, gzip-compressed; anything else (robots.txt) 404.
     * One request per connection.
     */
    private static void answer(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String path = in.readLine().split(" ")[1];
        String acceptEncoding = null;
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            if (line.regionMatches(true, 0, "Accept-Encoding:", 0, 16)) {
                acceptEncoding = line.substring(16).strip();
            }
        }
        OutputStream out = s.getOutputStream();
        if (!path.startsWith("/items/")) {
            out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        acceptEncodings.add(String.valueOf(acceptEncoding));
        int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        String json = "{\"id\":" + id + (id < 4 ? ",\"kids\":[" + 2 * id + "," + (2 * id + 1) + "]" : "") + "}";
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                + gzipped.size() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        gzipped.writeTo(out);
        out.flush();
    }

    private static String url(Object id) {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/items/" + id;
    }

    @Test
    void theOptionalJarsAreNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.jsoup.Jsoup")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.aayushatharva.brotli4j.Brotli4jLoader")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aClientAsksForGzipAndDeflateOnlyAndCrawlsJson() {
        Expression kids = Expression.parse("$.kids[*]");
        Expression id = Expression.parse("$.id");
        try (Fanout fanout = Fanout.builder().concurrency(4).build();
             Crawl<Outcome> crawl = fanout.crawl(List.of(Request.get(url(1))).iterator(), CrawlRules.DEFAULT, (o, frontier) -> {
                 for (Object kid : kids.values(Body.of(o))) {
                     frontier.add(Request.get(url(kid)));
                 }
                 return o;
             })) {
            List<Outcome> outcomes = crawl.stream().toList();

            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
            assertThat(outcomes).extracting(o -> id.values(Body.of(o)).get(0).toString())
                    .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7");
        }
        assertThat(acceptEncodings).hasSize(7).containsOnly("gzip, deflate");
    }

    @Test
    void aCssExpressionSaysItNeedsJsoup() {
        assertThatThrownBy(() -> Expression.parse("css:a@href"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("css:a@href: CSS expressions need jsoup (org.jsoup:jsoup), which is not on the class path: add it to the build");
    }
}
