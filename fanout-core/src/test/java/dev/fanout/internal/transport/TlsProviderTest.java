package dev.fanout.internal.transport;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which TLS implementation a client takes: BoringSSL when netty-tcnative is here, the JDK's when asked for. */
class TlsProviderTest {
    @Test
    void boringSslWhenItsLibraryIsHereAndTheJdksWhenAskedFor() {
        assertThat(Pipelines.tlsProvider()).as("netty-tcnative is on the tests' class path").isEqualTo(SslProvider.OPENSSL);
        System.setProperty("fanout.tls", "JDK");
        try {
            assertThat(Pipelines.tlsProvider()).isEqualTo(SslProvider.JDK);
        } finally {
            System.clearProperty("fanout.tls");
        }
    }
}
