package dev.fanout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * How a client checks the servers it talks to over HTTPS. By default, certificates must chain to the JDK's
 * trust store and name the host asked for.
 *
 * @param trustedCertificates a PEM file of CA certificates trusted instead of the JDK's (like curl's
 *                            {@code --cacert}), or null for the JDK's trust store
 * @param insecure            when true, neither the certificate chain nor the host name is checked: for
 *                            testing only — anyone on the network path can then read and change the traffic
 * @param http2               offer HTTP/2 by ALPN (used when the server picks it); false speaks HTTP/1.1 only
 */
public record TlsSettings(Path trustedCertificates, boolean insecure, boolean http2) {
    /** The JDK's trust store, host names checked, HTTP/2 offered. */
    public static final TlsSettings DEFAULT = new TlsSettings(null, false, true);

    /** These certificates (or the JDK's), checked or not, HTTP/2 offered. */
    public TlsSettings(Path trustedCertificates, boolean insecure) {
        this(trustedCertificates, insecure, true);
    }

    /** The same, with HTTP/2 offered or not. */
    public TlsSettings withHttp2(boolean offer) {
        return new TlsSettings(trustedCertificates, insecure, offer);
    }

    public TlsSettings {
        if (trustedCertificates != null) {
            try (InputStream in = Files.newInputStream(trustedCertificates)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    throw new IllegalArgumentException(trustedCertificates + " holds no PEM certificate");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read certificates from " + trustedCertificates + " ("
                        + dev.fanout.internal.IoReasons.of(e) + ")");
            } catch (CertificateException e) {
                throw new IllegalArgumentException("cannot read certificates from " + trustedCertificates
                        + " (not PEM certificates: " + e.getMessage() + ")");
            }
        }
    }
}
