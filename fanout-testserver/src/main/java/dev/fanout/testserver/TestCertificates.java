package dev.fanout.testserver;

import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.security.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for an HTTPS test server, made with the running JDK's {@code keytool} (no extra
 * library, no network): a PKCS#12 key store for the server and the certificate as PEM for the client to trust.
 *
 * @param keyStore    PKCS#12 file with the key and certificate (password {@link #PASSWORD})
 * @param certificate the certificate, PEM
 */
public record TestCertificates(Path keyStore, Path certificate) {
    public static final String PASSWORD = "changeit";

    /**
     * A new self-signed certificate in {@code dir} whose subject alternative names are {@code san}, e.g.
     * {@code "ip:127.0.0.1,dns:localhost"}.
     */
    public static TestCertificates generate(Path dir, String name, String san) throws IOException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        Files.deleteIfExists(keyStore);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=" + san, "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new TestCertificates(keyStore, pem);
    }

    /** A server TLS context builder with this key and certificate (add ALPN or build as it is). */
    public SslContextBuilder serverContext() {
        try (var in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD.toCharArray());
            return SslContextBuilder.forServer(kmf);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the test certificate " + keyStore, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path keytool = Path.of(java).resolveSibling("keytool");
        List<String> command = new java.util.ArrayList<>(List.of(Files.isExecutable(keytool) ? keytool.toString() : "keytool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
