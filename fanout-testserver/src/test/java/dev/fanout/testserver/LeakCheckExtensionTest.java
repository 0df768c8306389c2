package dev.fanout.testserver;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs tests that leak on purpose (and one that does not) and checks the extension fails exactly those. */
class LeakCheckExtensionTest {
    private static final String SWITCH = "fanout.leakcheck.selftest";

    @Test
    void leakingTestsFailWithWhatTheyLeftAndACleanOnePasses() {
        Events events;
        System.setProperty(SWITCH, "true");
        try {
            events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Leaky.class)).execute().testEvents();
        } finally {
            System.clearProperty(SWITCH);
            Leaky.cleanUp();
        }
        Map<String, String> results = events.finished().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName(),
                LeakCheckExtensionTest::resultText));
        assertThat(results.get("cleansUpAfterItself()")).isEqualTo("SUCCESSFUL");
        assertThat(results.get("leavesAThreadRunning()")).contains("leaked 1: thread 'left-running'");
        assertThat(results.get("leavesAConnectionOpen()")).contains("leaked 1: socket fd").contains("tcp local port");
        assertThat(results.get("leavesAServerListening()")).contains("socket fd").contains("state 0A");
        assertThat(results.get("leavesAnEventLoopGroupRunning()")).contains("thread '").contains("fd ");
        assertThat(results.get("leavesAnUnconnectedSocketOpen()")).contains("leaked 1: socket fd");
        assertThat(results.get("hasAnUnconnectedSocketClosedMomentsLater()")).isEqualTo("SUCCESSFUL");
    }

    private static String resultText(Event e) {
        var result = e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow();
        return result.getThrowable().map(Throwable::getMessage).orElse(result.getStatus().name());
    }

    @ExtendWith(LeakCheckExtension.class)
    @EnabledIfSystemProperty(named = SWITCH, matches = "true")
    static class Leaky {
        private static final List<Closeable> toClose = new ArrayList<>();
        private static final CountDownLatch release = new CountDownLatch(1);
        private static ServerSocket server;

        @BeforeAll
        static void openServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        @AfterAll
        static void closeServer() throws IOException {
            server.close();
        }

        static void cleanUp() {
            release.countDown();
            for (Closeable c : toClose) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // best effort: the self-test's own leftovers
                }
            }
        }

        @Test
        void cleansUpAfterItself() throws Exception {
            Thread t = new Thread(() -> { }, "ends-at-once");
            t.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                assertThat(s.isConnected()).isTrue();
            }
        }

        @Test
        void leavesAThreadRunning() {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // ends
                }
            }, "left-running");
            t.setDaemon(true);
            t.start();
        }

        @Test
        void leavesAConnectionOpen() throws IOException {
            toClose.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        }

        @Test
        void leavesAServerListening() throws IOException {
            toClose.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        @Test
        void leavesAnUnconnectedSocketOpen() throws IOException {
            toClose.add(SocketChannel.open()); // in no TCP table, as a socket the client reset is on the server's side
        }

        @Test
        void hasAnUnconnectedSocketClosedMomentsLater() throws IOException {
            // as a server's loop closes the side of a connection reset while it was being accepted
            SocketChannel socket = SocketChannel.open();
            ForkJoinPool.commonPool().execute(() -> {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the check then reports it
                }
            });
        }

        @Test
        void leavesAnEventLoopGroupRunning() throws Exception {
            MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            group.next().submit(() -> { }).sync();
            toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
    }
}
