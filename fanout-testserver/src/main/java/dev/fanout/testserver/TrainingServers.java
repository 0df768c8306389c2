package dev.fanout.testserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mock API served to the CLI's training run (the run the JDK 25 AOT cache is recorded from), in a process of
 * its own: every class in the cache is loaded at the start of every run, so the servers' classes must not be in
 * it. Serves plain HTTP and HTTPS (HTTP/2 offered by ALPN) with a certificate made in {@code DIR} and an HTTP proxy,
 * prints {@code BASE_URL HTTPS_BASE_URL CERTIFICATE_PEM PROXY_URL} on one line, and stops when its standard input ends.
 *
 * <p>Usage: {@code java -cp … dev.fanout.testserver.TrainingServers DIR}
 */
public final class TrainingServers {
    private TrainingServers() {
    }

    public static void main(String[] args) throws IOException {
        TestCertificates certificates = TestCertificates.generate(Path.of(args[0]), "train", "ip:127.0.0.1,dns:localhost");
        try (TestServer plain = TestServer.builder().start();
             TestServer tls = TestServer.builder().tls(certificates).http2(128).start();
             TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT)) {
            System.out.println(plain.baseUrl() + " " + tls.baseUrl() + " " + certificates.certificate() + " " + proxy.url(null));
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream()); // until the training run closes it
        } finally {
            Files.deleteIfExists(certificates.keyStore());
            Files.deleteIfExists(certificates.certificate());
        }
    }
}
