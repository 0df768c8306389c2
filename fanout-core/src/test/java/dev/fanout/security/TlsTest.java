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

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS against test servers with generated self-signed certificates: a good one and one for another name. */
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

    private static Outcome fetch(TlsSettings tls, String url) {
        try (Fanout fanout = Fanout.builder().tls(tls).retries(0).build()) {
            return fanout.fetch(Request.get(url)).join();
        }
    }

    @Test
    void aCertificateThatChainsToTheGivenCaAndNamesTheHostIsAccepted() {
        Outcome o = fetch(new TlsSettings(good.certificate(), false), server.url("/items/1"));
        assertThat(o.status()).isEqualTo(200);
        assertThat(fetch(new TlsSettings(good.certificate(), false), server.url("/items/1").replace("127.0.0.1", "localhost")).status())
                .isEqualTo(200);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        long before = server.stats().totalRequests();
        Outcome o = fetch(TlsSettings.DEFAULT, server.url("/items/1"));
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.TLS);
        assertThat(server.stats().totalRequests()).as("no request reached the server").isEqualTo(before);
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenWhenTrusted() {
        long before = misnamed.stats().totalRequests();
        Outcome o = fetch(new TlsSettings(wrongName.certificate(), false), misnamed.url("/items/1"));
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo(FailureKind.TLS);
        assertThat(o.failure().message()).containsIgnoringCase("127.0.0.1");
        assertThat(misnamed.stats().totalRequests()).as("no request reached the server").isEqualTo(before);
    }

    @Test
    void insecureSkipsBothChecksOnlyWhenAskedFor() {
        assertThat(fetch(new TlsSettings(null, true), misnamed.url("/items/1")).status()).isEqualTo(200);
    }

    @Test
    void aFileWithoutCertificatesIsRefusedUpFront() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> new TlsSettings(notPem, false)).hasMessageContaining("not.pem");
    }
}
