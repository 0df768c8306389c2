package dev.fanout.security;

import dev.fanout.Backoff;
import dev.fanout.ClientStats;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.RetryPolicy;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a response on an HTTP/2 stream goes through, as on an HTTP/1.1 connection: compressed bodies inflated
 * within the body limit, bodies held back by the memory budget (the stream's flow control stops the server
 * meanwhile) or set aside, responses that end with their head, streams the server resets, and streams the client
 * gives up on — reset, their slots on the connection free for the next requests; and a server that allows no
 * streams, which fails each attempt on its one connection.
 */
@ExtendWith(LeakCheckExtension.class)
@Timeout(60)
class Http2StreamsTest {
    private static final int MIB = 1 << 20;
    @TempDir
    static Path dir;
    static TestCertificates certs;
    private TestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir, "h2-streams", "ip:127.0.0.1,dns:localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Fanout.Builder client() {
        return Fanout.builder().tls(new TlsSettings(certs.certificate(), false));
    }

    private List<Request> large(int n, int size, boolean chunked) {
        return IntStream.range(0, n)
                .mapToObj(i -> Request.get(server.url("/large/" + size + "?i=" + i + (chunked ? "&chunked=true" : ""))))
                .toList();
    }

    private static void everyOneWhole(List<Outcome> outcomes, int n, int size) {
        assertThat(outcomes).hasSize(n).allSatisfy(o -> {
            assertThat(o.failure()).as("%s", o).isNull();
            assertThat(o.body()).as("kept body of %s", o.request().url()).hasSize(size);
        });
        assertThat(outcomes).extracting(Outcome::index).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br"})
    void aCompressedBodyIsInflatedAndABombStopsAtTheBodyLimit(String encoding) {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().maxBodyBytes(8 * MIB).keepBodies(true).build()) {
            Outcome o = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/4"))).join();
            assertThat(o.status()).as("%s", o).isEqualTo(200);
            assertThat(o.body()).hasSize(4 * MIB).containsOnly(0);
        }
        try (Fanout fanout = client().maxBodyBytes(MIB).retries(0).build()) {
            Outcome bomb = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/64"))).join();
            assertThat(bomb.failure()).as("64 MiB inflated from about 64 KiB").isNotNull();
            assertThat(bomb.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(2);
    }

    @Test
    void bodiesWaitingForMemoryHoldTheirStreamsOnOneConnectionAndAllArriveWhole() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().concurrency(20).perHost(20).maxMemory(4 * MIB).build()) {
            List<Outcome> outcomes = fanout.fetchAll(large(30, MIB, false));

            everyOneWhole(outcomes, 30, MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.waits()).as("20 streams, room for 4 bodies: bodies waited").isPositive();
            assertThat(memory.peak()).isLessThanOrEqualTo(4L * MIB);
            assertThat(memory.reserved()).isZero();
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(30);
        assertThat(server.stats().connectionsAccepted()).as("every stream on one connection").isEqualTo(1);
    }

    @Test
    void chunkedBodiesThatFillTheBudgetTogetherAreSetAsideAndSentAgainOnNewStreams() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().concurrency(12).perHost(12).maxMemory(3 * MIB).retries(0).build()) {
            List<Outcome> outcomes = fanout.fetchAll(large(24, 2 * MIB, true));

            everyOneWhole(outcomes, 24, 2 * MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.setAside()).as("12 bodies of 2 MiB at once in 3 MiB: some gave way").isPositive();
            assertThat(memory.reserved()).isZero();
        }
        assertThat(server.stats().connectionsAccepted()).as("a stream set aside is reset, not its connection").isEqualTo(1);
    }

    @Test
    void responsesThatEndWithTheirHeadComplete() {
        server = TestServer.builder().tls(certs).http2(100).start();

        try (Fanout fanout = client().keepBodies(true).build()) {
            Outcome head = fanout.fetch(new Request("HEAD", server.url("/items/3"), Headers.empty(), new byte[0], Map.of())).join();
            Outcome noContent = fanout.fetch(Request.get(server.url("/status/204"))).join();

            assertThat(head.status()).as("%s", head).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(noContent.status()).as("%s", noContent).isEqualTo(204);
            assertThat(noContent.body()).isEmpty();
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(2);
    }

    @Test
    void aStreamTheServerResetsBeforeAnsweringIsSentAgain() {
        server = TestServer.builder().tls(certs).http2(100).start();
        List<Request> requests = IntStream.range(0, 20)
                .mapToObj(i -> Request.get(server.url("/items/" + i + "?fault=reset&times=1"))).toList();

        try (Fanout fanout = client().concurrency(5).perHost(5)
                .retry(RetryPolicy.DEFAULT.withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2, 0.5))).build()) {
            List<Outcome> outcomes = fanout.fetchAll(requests);

            assertThat(outcomes).hasSize(20).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(200);
                assertThat(o.attempts()).as("reset once, then answered").isEqualTo(2);
                assertThat(o.lastError()).contains("reset");
            });
        }
        assertThat(server.stats().counted("protocol:h2")).isEqualTo(40);
    }

    @Test
    void streamsThatTimeOutAreResetAndTheirSlotsServeTheNextRequests() {
        // the server allows two streams at once: a slot not given back would show as a second connection
        server = TestServer.builder().tls(certs).http2(2).start();
        List<Request> requests = new ArrayList<>();
        IntStream.range(0, 6).forEach(i -> requests.add(Request.get(server.url("/items/" + i + "?fault=stall"))));
        IntStream.range(0, 10).forEach(i -> requests.add(Request.get(server.url("/items/" + i))));

        try (Fanout fanout = client().concurrency(2).perHost(2).retries(0).timeout(Duration.ofMillis(300)).build()) {
            List<Outcome> outcomes = fanout.fetchAll(requests);

            assertThat(outcomes.subList(0, 6)).allSatisfy(o -> {
                assertThat(o.failure()).as("%s", o).isNotNull();
                assertThat(o.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            });
            assertThat(outcomes.subList(6, 16)).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
        }
        assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aServerAllowingNoStreamsFailsEachAttemptOnItsOneConnectionInsteadOfDiallingWithoutEnd() throws Exception {
        // a real HTTP/2 server whose SETTINGS allow 0 concurrent streams (RFC 9113 permits it, as a pause)
        AtomicInteger accepted = new AtomicInteger();
        SslContext ssl = certs.serverContext().applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2)).build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // the server's side of each connection, closed and waited for before the leak check looks at descriptors
        DefaultChannelGroup serverSides = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accepted.incrementAndGet();
                            serverSides.add(ch);
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), Http2FrameCodecBuilder.forServer()
                                    .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(0)).build());
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            List<Request> requests = IntStream.range(0, 5).mapToObj(i -> Request.get("https://127.0.0.1:" + port + "/" + i)).toList();

            try (Fanout fanout = client().concurrency(5).perHost(5).retries(2).timeout(Duration.ofSeconds(10))
                    .retry(RetryPolicy.DEFAULT.withMaxRetries(2).withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2, 0.5)))
                    .build()) {
                List<Outcome> outcomes = fanout.fetchAll(requests);

                assertThat(outcomes).hasSize(5).allSatisfy(o -> {
                    assertThat(o.failure()).as("%s", o).isNotNull();
                    assertThat(o.failure().kind()).isEqualTo(FailureKind.RESET);
                    assertThat(o.failure().message()).contains("SETTINGS_MAX_CONCURRENT_STREAMS 0");
                    assertThat(o.attempts()).isEqualTo(3);
                });
            }
            assertThat(accepted.get()).as("connections for 15 attempts").isEqualTo(1);
            listener.close().sync();
        } finally {
            serverSides.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
