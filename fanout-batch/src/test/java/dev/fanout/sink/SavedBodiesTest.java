package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies the client saves as they arrive ({@code saveBodiesTo}) never enter the memory budget, and {@link BodyFiles}
 * moves each to its safe name: real 8 MiB bodies from the test server's streaming route, with a budget of 1 MiB.
 */
@ExtendWith(LeakCheckExtension.class)
class SavedBodiesTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static final int MIB = 1 << 20;

    @Test
    void savedBodiesGoToDiskAsTheyArriveAndNeverIntoMemory(@TempDir Path dir) throws IOException {
        List<Request> large = IntStream.range(0, 6).mapToObj(i -> Request.get(server.url("/large/" + 8 * MIB + "?i=" + i))).toList();
        try (Fanout fanout = Fanout.builder().keepBodies(false).saveBodiesTo(dir).maxMemory(MIB).concurrency(4).build()) {
            List<Outcome> outcomes = fanout.fetchAll(large);

            BodyFiles files = new BodyFiles(dir);
            for (Outcome o : outcomes) {
                assertThat(o.status()).isEqualTo(200);
                assertThat(o.body()).isEmpty();
                assertThat(o.bodyFile()).isNotNull();
                Path saved = files.save(o);
                assertThat(Files.size(saved)).isEqualTo(8L * MIB);
                assertThat(new String(Files.readAllBytes(saved), 0, 20, java.nio.charset.StandardCharsets.US_ASCII))
                        .startsWith("{\"size\":" + 8 * MIB);
            }
            assertThat(fanout.stats().memory().peak()).as("bodies larger than the budget, none in memory").isZero();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).hasSize(6).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
