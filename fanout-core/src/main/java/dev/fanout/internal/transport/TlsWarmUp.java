package dev.fanout.internal.transport;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK's one-time set-up of the P-256 curve, started on a thread of its own when a client first prepares TLS.
 * Every TLS 1.3 ClientHello the JDK sends carries a P-256 key share (beside X25519), and the first one builds a
 * table of the curve's generator: ~75 ms of a cold JVM, on the I/O thread, after the TCP connect. Started while the
 * TLS context is still being built and the connection made, it is ready, or further along, by then; on one core
 * it is the same work done earlier. Nothing waits for it, and a failure only leaves the set-up to the handshake.
 */
final class TlsWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TlsWarmUp() {
    }

    /** Starts the set-up once per process; returns at once. */
    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(TlsWarmUp::p256, "fanout-tls-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            g.generateKeyPair();
        } catch (GeneralSecurityException | RuntimeException e) {
            // no EC provider or no such curve here: the handshake then does without it, as it would have
        }
    }
}
