package dev.fanout.security;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS against test servers with generated self-signed certificates: a good one and one for another name; each
 * check with both TLS implementations, BoringSSL (netty-tcnative, on the tests' class path) and the JDK's
 * ({@code -Dfanout.tls=jdk}).
 */
@ExtendWith(LeakCheckExtension.class)
class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates good;
    static TestCertificates wrongName;
    static TestServer server;
    static TestServer misnamed;

    @BeforeAll
    static void start() throws Exception {
        good = TestCertificates.generate(dir, "good", "ip:127.0.0.1,dns:localhost");
        wrongName = TestCertificates.generate(dir, "other", "dns:other.example");
        server = TestServer.builder().tls(good).start();
        misnamed = TestServer.builder().tls(wrongName).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        misnamed.close();
    }

    /** A fetch by a client whose TLS implementation is {@code provider}'s ({@code "jdk"} or the default). */
    private static Outcome fetch(String provider, TlsSettings tls, String url) {
        System.setProperty("fanout.tls", provider);
        try (Fanout fanout = Fanout.builder().tls(tls).retries(0).build()) {
            return fanout.fetch(Request.get(url)).join();
        } finally {
            System.clearProperty("fanout.tls");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aCertificateThatChainsToTheGivenCaAndNamesTheHostIsAccepted(String provider) {
        Outcome o = fetch(provider, new TlsSettings(good.certificate(), false), server.url("/items/1"));
        assertThat(o.status()).isEqualTo(200);
        assertThat(fetch(provider, new TlsSettings(good.certificate(), false), server.url("/items/1").replace("127.0.0.1", "localhost")).status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void anUntrustedCertificateIsRefused(String provider) {
        long before = server.stats().totalRequests();
        Outcome o = fetch(provider, TlsSettings.DEFAULT, server.url("/items/1"));
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.TLS);
        assertThat(o.failure().message()).as("what was wrong, on one line").containsIgnoringCase("certificat").doesNotContain("\n");
        assertThat(server.stats().totalRequests()).as("no request reached the server").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aCertificateForAnotherNameIsRefusedEvenWhenTrusted(String provider) {
        long before = misnamed.stats().totalRequests();
        Outcome o = fetch(provider, new TlsSettings(wrongName.certificate(), false), misnamed.url("/items/1"));
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.TLS);
        assertThat(o.failure().message()).containsIgnoringCase("127.0.0.1");
        assertThat(misnamed.stats().totalRequests()).as("no request reached the server").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void insecureSkipsBothChecksOnlyWhenAskedFor(String provider) {
        assertThat(fetch(provider, new TlsSettings(null, true), misnamed.url("/items/1")).status()).isEqualTo(200);
    }

    @Test
    void aFileWithoutCertificatesIsRefusedUpFront() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> new TlsSettings(notPem, false)).hasMessageContaining("not.pem");
    }
}
