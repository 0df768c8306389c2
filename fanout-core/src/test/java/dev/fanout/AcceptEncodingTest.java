package dev.fanout;

import dev.fanout.client.Fanout;

import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With brotli4j and this platform's native library on the class path, as fanout-cli has them, a client asks for br
 * as well as gzip and deflate (without them it does not: {@link WithoutOptionalJarsTest}).
 */
@ExtendWith(LeakCheckExtension.class)
class AcceptEncodingTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void aClientAsksForBrotliWhenItsNativeLibraryIsThere() {
        try (Fanout fanout = Fanout.create()) {
            Outcome echo = fanout.fetch(Request.get(server.url("/echo"))).join();

            assertThat(Expression.parse("$.headers['accept-encoding']").values(Body.of(echo))).containsExactly("gzip, deflate, br");
        }
    }
}
