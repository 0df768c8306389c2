package dev.fanout.security;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A hostile server cannot make the client hold more than its limits: bombs and huge headers are too_large. */
@ExtendWith(LeakCheckExtension.class)
class SizeCapsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br"})
    void aDecompressionBombStopsAtTheBodyLimit(String encoding) {
        // 64 MiB of zeros in about 64 KiB on the wire
        try (Fanout fanout = Fanout.builder().maxBodyBytes(1 << 20).retries(0).build()) {
            Outcome o = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/64"))).join();
            assertThat(o.failure()).isNotNull();
            assertThat(o.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
            assertThat(o.failure().message()).contains("1048576");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br"})
    void aCompressedBodyUnderTheLimitIsDecoded(String encoding) {
        try (Fanout fanout = Fanout.builder().maxBodyBytes(8 << 20).keepBodies(true).build()) {
            Outcome o = fanout.fetch(Request.get(server.url("/bomb/" + encoding + "/4"))).join();
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.bytes()).isEqualTo(4 << 20);
            assertThat(o.body()).hasSize(4 << 20).containsOnly(0);
        }
    }

    @Test
    void headersBeyondTheLimitAreTooLarge() {
        try (Fanout fanout = Fanout.builder().retries(0).build()) {
            Outcome big = fanout.fetch(Request.get(server.url("/big-headers/100"))).join();
            assertThat(big.failure()).isNotNull();
            assertThat(big.failure().kind()).isEqualTo(FailureKind.TOO_LARGE);
            assertThat(big.failure().message()).contains("header");
            Outcome fine = fanout.fetch(Request.get(server.url("/big-headers/8"))).join();
            assertThat(fine.status()).isEqualTo(200);
        }
    }
}
