package dev.fanout;

import dev.fanout.client.Fanout;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Fanout#closeForExit}: the end of a client in a process that exits right after it (the command line's).
 * Not under the leak check: leaving the connections and the parked I/O threads to the process's end is what it
 * does; this class has a server of its own, so no other test counts those connections.
 */
class CloseForExitTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void everyCallEndsOnceAndTheIoThreadsAreLeftParkedOutsideAnySystemCall() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Fanout fanout = Fanout.create();
        Outcome answered = fanout.fetch(Request.get(server.url("/items/1"))).get(10, TimeUnit.SECONDS);
        CompletableFuture<Outcome> pending = fanout.fetch(Request.get(server.url("/delay/10000")));

        fanout.closeForExit();

        assertThat(answered.status()).isEqualTo(200);
        assertThat(pending.get(10, TimeUnit.SECONDS).failure().kind()).isEqualTo(FailureKind.CANCELLED);
        Outcome afterwards = fanout.fetch(Request.get(server.url("/items/2"))).get(10, TimeUnit.SECONDS);
        assertThat(afterwards.failure().kind()).isEqualTo(FailureKind.CANCELLED);
        // a JVM that exits waits for threads inside a system call (an event loop in epoll_wait), not for parked
        // ones: each I/O thread is held by the task that parks it (counted before it parks) and never goes back
        List<Thread> io = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("fanout-io-")).toList();
        assertThat(io).isNotEmpty().allSatisfy(t -> assertThat(t.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("parkForever")));
    }
}
