package dev.fanout;

import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How HTTP/1.x responses are framed and checked, each against a loopback server that writes exactly the bytes the
 * test gives ({@link RawServer}): lengths, chunks, bodies to the close, interim and bodiless responses, and the
 * malformed or oversized heads that must fail as what they are.
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(30)
class ResponseFramingTest {
    private static final String OK_2 = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static Fanout client() {
        return Fanout.builder().retries(0).timeout(Duration.ofSeconds(10)).build();
    }

    private static List<Outcome> fetchAll(RawServer server, String... methods) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < methods.length; i++) {
            requests.add(new Request(methods[i], server.url("/" + i), Headers.empty(), new byte[0], java.util.Map.of()));
        }
        // one at a time, so that each response is read on the connection the last one left
        try (Fanout fanout = Fanout.builder().retries(0).concurrency(1).timeout(Duration.ofSeconds(10)).build()) {
            return fanout.fetchAll(requests);
        }
    }

    private static Outcome fetchOne(RawServer server) {
        try (Fanout fanout = client()) {
            return fanout.fetch(Request.get(server.url("/"))).join();
        }
    }

    @Test
    void contentLengthBodiesFollowOneAnotherOnAKeptConnection() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello",
                "HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbye")) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "GET");
            assertThat(all).extracting(Outcome::status).containsExactly(200, 201, 200);
            assertThat(all).extracting(Outcome::bodyText).containsExactly("hello", "", "bye");
            assertThat(all.get(0).headers().get("x-a")).isEqualTo("1");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aHeadSentByteByByteIsReadWhole() throws Exception {
        try (RawServer server = RawServer.dripping("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Long: " + "v".repeat(3000) + "\r\n\r\nbody")) {
            Outcome o = fetchOne(server);
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bodyText()).isEqualTo("body");
            assertThat(o.headers().get("X-Long")).hasSize(3000);
        }
    }

    @Test
    void aLargeBodyArrivesWholeInManyReads() throws Exception {
        String body = "x".repeat(300_000);
        try (RawServer server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + body, OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET");
            assertThat(all.get(0).bodyText()).isEqualTo(body);
            assertThat(all.get(1).bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void anHttp10ResponseWithoutLengthEndsWhenTheServerCloses() throws Exception {
        try (RawServer server = RawServer.closingAfter("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close")) {
            Outcome o = fetchOne(server);
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bodyText()).isEqualTo("until the close");
        }
    }

    @Test
    void anHttp10ResponseIsNotReusedUnlessItAsksToBe() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
                OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "GET");
            assertThat(all).extracting(Outcome::bodyText).containsExactly("ok", "ok", "ok");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void connectionCloseIsNotReused() throws Exception {
        try (RawServer server = RawServer.answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET");
            assertThat(all).extracting(Outcome::bodyText).containsExactly("ok", "ok");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void chunksWithExtensionsAndTrailersAreJoinedAndTheConnectionGoesOn() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; x\r\n world\r\n"
                        + "A\r\n, chunked!\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "GET");
            assertThat(all.get(0).bodyText()).isEqualTo("hello world, chunked!");
            assertThat(all.get(0).headers().get("X-Trailer")).as("trailers are not headers").isNull();
            assertThat(all.get(1).bodyText()).as("a Content-Length beside chunked is ignored").isEqualTo("abc");
            assertThat(all.get(2).bodyText()).isEqualTo("ok");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aContentLengthRepeatedWithTheSameValueIsOneLength() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nhi",
                OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "GET");
            assertThat(all.get(0).bodyText()).isEqualTo("abc");
            assertThat(all.get(0).headers().values("Content-Length")).as("passed on as one").containsExactly("3");
            assertThat(all.get(1).bodyText()).isEqualTo("hi");
            assertThat(all.get(2).bodyText()).as("the connection went on after both").isEqualTo("ok");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void interimResponsesAreSkippedForTheRealOne() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal",
                OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET");
            assertThat(all.get(0).status()).isEqualTo(200);
            assertThat(all.get(0).bodyText()).isEqualTo("final");
            assertThat(all.get(1).bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void noBodyFollows204Or304OrTheAnswerToAHeadWhateverTheirHeadersSay() throws Exception {
        try (RawServer server = RawServer.answering(
                "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                OK_2)) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "HEAD", "HEAD", "GET");
            assertThat(all).extracting(Outcome::status).containsExactly(204, 304, 200, 200, 200);
            assertThat(all).extracting(Outcome::bodyText).containsExactly("", "", "", "", "ok");
            assertThat(server.requestLines()).containsExactly("GET /0 HTTP/1.1", "GET /1 HTTP/1.1", "HEAD /2 HTTP/1.1",
                    "HEAD /3 HTTP/1.1", "GET /4 HTTP/1.1");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void foldedValuesAreJoinedAndOddReasonsAndLeadingBlankLinesAreTaken() throws Exception {
        try (RawServer server = RawServer.answering(
                "\r\nHTTP/1.1 200 Fine Thanks\r\nX-Folded: one\r\n  two\r\n\tthree\r\nX-Space :  padded \r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 299 Whatever\nContent-Length: 3\n\nlf!")) {
            List<Outcome> all = fetchAll(server, "GET", "GET", "GET");
            assertThat(all).extracting(Outcome::status).containsExactly(200, 404, 299);
            assertThat(all.get(0).headers().get("X-Folded")).isEqualTo("one two three");
            assertThat(all.get(0).headers().get("X-Space")).isEqualTo("padded");
            assertThat(all.get(2).bodyText()).isEqualTo("lf!");
        }
    }

    @Test
    void gzipBodiesAreInflated() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("inflated text".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] z = zipped.toByteArray();
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + z.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + z.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(z, 0, all, head.length, z.length);
        try (RawServer server = new RawServer(List.of(new Answer(all, false, false)))) {
            assertThat(fetchOne(server).bodyText()).isEqualTo("inflated text");
        }
    }

    @Test
    void aStatusLineOrHeadLargerThanTheLimitsIsTooLarge() throws Exception {
        try (RawServer server = RawServer.answering("HTTP/1.1 200 " + "r".repeat(9000) + "\r\nContent-Length: 0\r\n\r\n")) {
            Outcome o = fetchOne(server);
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
            assertThat(o.failure().message()).startsWith("response status line larger than the limit");
        }
        String many = "X-Filler: " + "f".repeat(1000) + "\r\n";
        try (RawServer server = RawServer.answering("HTTP/1.1 200 OK\r\n" + many.repeat(70) + "Content-Length: 0\r\n\r\n")) {
            Outcome o = fetchOne(server);
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
            assertThat(o.failure().message()).startsWith("response headers larger than the limit");
        }
        // just under the limits passes
        try (RawServer server = RawServer.answering("HTTP/1.1 200 " + "r".repeat(8000) + "\r\n" + many.repeat(60) + "Content-Length: 2\r\n\r\nok")) {
            assertThat(fetchOne(server).bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void malformedHeadsAndChunksAreProtocolFailures() throws Exception {
        List<String> bad = List.of(
                "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
                "ICY 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\n folded-first: x\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 2,\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n");
        for (String answer : bad) {
            try (RawServer server = RawServer.answering(answer)) {
                Outcome o = fetchOne(server);
                assertThat(o.failure()).as(answer).isNotNull();
                assertThat(o.failure().kind()).as(answer).isEqualTo(FailureKind.PROTOCOL);
                assertThat(o.failure().message()).as(answer).startsWith("malformed response: ");
            }
        }
    }

    @Test
    void aBodyCutShortByTheCloseIsNotAResponse() throws Exception {
        for (String answer : List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                "HTTP/1.1 200 OK\r\nContent-Le")) {
            try (RawServer server = RawServer.closingAfter(answer)) {
                Outcome o = fetchOne(server);
                assertThat(o.failure()).as(answer).isNotNull();
                assertThat(o.failure().kind()).as(answer).isEqualTo(FailureKind.RESET);
            }
        }
    }

    /** What the server writes for one request: its bytes, whether it then closes, whether it writes them a byte at a time. */
    record Answer(byte[] bytes, boolean close, boolean drip) {
        static Answer of(String text, boolean close, boolean drip) {
            return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), close, drip);
        }
    }

    /**
     * A loopback server that reads each request's head and writes the next answer of its script, on whatever
     * connection the request came; after the script it closes. Counts connections and keeps the request lines.
     */
    static final class RawServer implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Answer> script;
        private final Thread thread;
        private final List<String> requestLines = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private volatile int connections;
        private int next;

        RawServer(List<Answer> script) throws IOException {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.script = script;
            this.thread = new Thread(this::serve, "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        static RawServer answering(String... answers) throws IOException {
            List<Answer> all = new ArrayList<>();
            for (String a : answers) {
                all.add(Answer.of(a, false, false));
            }
            return new RawServer(all);
        }

        static RawServer closingAfter(String answer) throws IOException {
            return new RawServer(List.of(Answer.of(answer, true, false)));
        }

        static RawServer dripping(String answer) throws IOException {
            return new RawServer(List.of(Answer.of(answer, false, true)));
        }

        String url(String path) {
            return "http://127.0.0.1:" + listener.getLocalPort() + path;
        }

        int connections() {
            return connections;
        }

        List<String> requestLines() {
            return List.copyOf(requestLines);
        }

        private void serve() {
            try {
                listener.setSoTimeout(20_000);
                while (next < script.size()) {
                    Socket s = listener.accept();
                    open.add(s);
                    connections++;
                    s.setSoTimeout(20_000);
                    s.setTcpNoDelay(true);
                    serveConnection(s);
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        /** Answers requests on {@code s} until the script ends, an answer closes, or the client closes. */
        private void serveConnection(Socket s) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (next < script.size()) {
                String line = readHead(in);
                if (line == null) {
                    s.close();
                    return; // the client closed this one: the next request comes on a new connection
                }
                requestLines.add(line);
                Answer a = script.get(next++);
                if (a.drip()) {
                    for (byte b : a.bytes()) {
                        out.write(b);
                        out.flush();
                    }
                } else {
                    out.write(a.bytes());
                    out.flush();
                }
                if (a.close()) {
                    s.close();
                    return;
                }
            }
            // the script is done: wait for the client to close, so that no answer is cut short
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (SocketException e) {
                // closed by close()
            }
            s.close();
        }

        /** The request line of the next request, its head read to the blank line; null when the client closed. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.substring(0, head.indexOf("\r\n"));
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
            thread.join(10_000);
        }
    }
}
