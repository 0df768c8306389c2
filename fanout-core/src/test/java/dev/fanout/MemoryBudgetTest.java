package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies held in memory stay within the client's budget: requests wait for room instead of failing, a body
 * larger than the whole budget fails as too large and says so, half-read bodies of unknown length that fill the
 * budget together are set aside and sent again, and saved bodies go to disk as they arrive (fanout-batch's
 * SavedBodiesTest has them renamed by BodyFiles). Real bodies from the test server's streaming route, with budgets of
 * a few MiB.
 */
@ExtendWith(LeakCheckExtension.class)
class MemoryBudgetTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final int MIB = 1 << 20;

    private static List<Request> large(int n, int size, boolean chunked) {
        return IntStream.range(0, n)
                .mapToObj(i -> Request.get(server.url("/large/" + size + "?i=" + i + (chunked ? "&chunked=true" : ""))))
                .toList();
    }

    /** Streams the requests, checking the budget at every outcome; returns the outcomes. */
    private static List<Outcome> streamChecked(Fanout fanout, List<Request> requests) {
        long budget = fanout.config().maxMemory();
        List<Outcome> out = new java.util.ArrayList<>();
        try (Stream<Outcome> s = fanout.stream(requests.iterator())) {
            Iterator<Outcome> it = s.iterator();
            while (it.hasNext()) {
                Outcome o = it.next();
                assertThat(fanout.stats().memory().reserved()).as("reserved while consuming").isLessThanOrEqualTo(budget);
                // drop the body as a consumer that has written it would: only its size is checked
                out.add(o.toBuilder().body(new byte[0]).bytes(o.body().length).build());
            }
        }
        return out;
    }

    private static void everyInputOnceWithItsWholeBody(List<Outcome> outcomes, int n, int size) {
        assertThat(outcomes).hasSize(n);
        Set<Long> indexes = new HashSet<>();
        for (Outcome o : outcomes) {
            assertThat(o.failure()).as("%s", o).isNull();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bytes()).as("kept body of %s", o.request().url()).isEqualTo(size);
            indexes.add(o.index());
        }
        assertThat(indexes).hasSize(n);
    }

    @Test
    void bodiesOfKnownLengthWaitForRoomAndNeverExceedTheBudget() {
        try (Fanout fanout = Fanout.builder().concurrency(20).maxMemory(4 * MIB).build()) {
            List<Outcome> outcomes = streamChecked(fanout, large(30, MIB, false));

            everyInputOnceWithItsWholeBody(outcomes, 30, MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.peak()).isLessThanOrEqualTo(4L * MIB).isGreaterThanOrEqualTo(MIB);
            assertThat(memory.waits()).as("20 in flight, room for 4: bodies waited").isPositive();
            assertThat(memory.reserved()).as("everything handed over is given back").isZero();
        }
    }

    @Test
    void chunkedBodiesThatFillTheBudgetTogetherAreSetAsideAndSentAgainNotFailed() {
        try (Fanout fanout = Fanout.builder().concurrency(12).maxMemory(3 * MIB).retries(0).build()) {
            List<Outcome> outcomes = streamChecked(fanout, large(24, 2 * MIB, true));

            everyInputOnceWithItsWholeBody(outcomes, 24, 2 * MIB);
            ClientStats.Memory memory = fanout.stats().memory();
            assertThat(memory.peak()).isLessThanOrEqualTo(3L * MIB);
            assertThat(memory.reserved()).isZero();
            long sentAgain = outcomes.stream().mapToLong(o -> o.attempts() - 1).sum();
            assertThat(memory.setAside()).as("12 bodies of 2 MiB at once in 3 MiB: some gave way").isPositive();
            assertThat(sentAgain).as("set aside and sent again, each counted as a send").isEqualTo(memory.setAside());
            outcomes.stream().filter(o -> o.attempts() > 1)
                    .forEach(o -> assertThat(o.lastError()).contains("set aside").contains("memory budget"));
        }
    }

    @Test
    @Timeout(30)
    void anOrderedStreamDoesNotWaitForeverOnBodiesItHoldsBackForAnEarlierOne() {
        // the first body starts last; the later ones, held back for it, would fill the budget it waits for
        List<Request> requests = new java.util.ArrayList<>();
        requests.add(Request.get(server.url("/large/" + 2 * MIB + "?delay=300")));
        requests.addAll(large(10, MIB, false));
        try (Fanout fanout = Fanout.builder().concurrency(11).maxMemory(3 * MIB).build()) {
            List<Outcome> outcomes = fanout.fetchAll(requests);

            assertThat(outcomes).hasSize(11);
            assertThat(outcomes).extracting(Outcome::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
            assertThat(outcomes.get(0).body()).hasSize(2 * MIB);
            assertThat(fanout.stats().memory().peak()).isLessThanOrEqualTo(3L * MIB);
        }
    }

    @Test
    void aBodyLargerThanTheWholeBudgetIsTooLargeAndSaysHowToRaiseIt() {
        try (Fanout fanout = Fanout.builder().maxMemory(MIB).retries(0).build()) {
            for (boolean chunked : new boolean[] {false, true}) {
                Outcome o = fanout.fetch(large(1, 2 * MIB, chunked).get(0)).join();
                assertThat(o.failure()).as("chunked=%s", chunked).isNotNull();
                assertThat(o.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
                assertThat(o.failure().message()).contains("larger than the memory budget of " + MIB + " bytes")
                        .contains("--max-memory");
            }
            assertThat(fanout.stats().memory().reserved()).isZero();
            // a body within the budget still arrives
            assertThat(fanout.fetch(large(1, MIB / 2, true).get(0)).join().bytes()).isEqualTo(MIB / 2);
        }
    }

    @Test
    void theBodyOfARetriedAttemptIsNotKeptOnDisk(@TempDir Path dir) throws IOException {
        try (Fanout fanout = Fanout.builder().saveBodiesTo(dir).retry(dev.fanout.RetryPolicy.DEFAULT
                .withBackoff(new dev.fanout.Backoff(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20), 2, 0.5))).build()) {
            Outcome o = fanout.fetch(Request.get(server.url("/items/1?fault=status&status=503&times=2"))).join();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.attempts()).isEqualTo(3);
            assertThat(o.bodyFile()).exists();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("only the last attempt's body").hasSize(1);
        }
    }
}
