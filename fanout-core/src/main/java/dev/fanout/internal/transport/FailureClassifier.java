package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/** Turns what Netty and the JDK throw into a typed {@link Failure} with a one-line message. */
final class FailureClassifier {
    private FailureClassifier() {
    }

    static Failure classify(Throwable cause, boolean requestSent) {
        String local = localLimit(cause);
        if (local != null) {
            return Failure.beforeSend(FailureKind.LOCAL_LIMIT, local);
        }
        Throwable root = unwrap(cause);
        if (root instanceof ProxyException) {
            return Failure.beforeSend(FailureKind.PROXY, root.getMessage());
        }
        if (root instanceof Http2Exception h2) {
            return http2(h2, requestSent);
        }
        FailureKind kind = kindOf(root);
        boolean sent = requestSent && kind != FailureKind.CONNECT && kind != FailureKind.DNS && kind != FailureKind.BLOCKED;
        return new Failure(kind, message(kind, root), sent);
    }

    /**
     * Why no socket could be opened here, when that is what {@code t} says (Netty wraps it as "Unable to create
     * Channel from class …"), or null.
     */
    private static String localLimit(Throwable t) {
        boolean channel = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Too many open files in system")) {
                return "cannot open a socket: the system has too many open files (ENFILE)";
            }
            if (m.contains("Too many open files")) {
                return "cannot open a socket: this process has reached its open-file limit (EMFILE; ulimit -n)";
            }
            if (m.contains("Cannot assign requested address")) {
                return "cannot open a socket: no local port is free (EADDRNOTAVAIL)";
            }
            channel |= c instanceof io.netty.channel.ChannelException && m.startsWith("Unable to create Channel");
        }
        return channel ? "cannot open a socket: " + oneLine(String.valueOf(unwrap(t).getMessage())) : null;
    }

    private static Failure http2(Http2Exception e, boolean requestSent) {
        String m = oneLine(String.valueOf(e.getMessage()));
        if (e instanceof Http2Exception.HeaderListSizeException) {
            return new Failure(FailureKind.TOO_LARGE, "response headers larger than the limit (" + m + ")", requestSent);
        }
        if (e.error() == Http2Error.REFUSED_STREAM) {
            // the stream was never processed (e.g. more streams than the server allows at once)
            return Failure.beforeSend(FailureKind.RESET, "HTTP/2 stream refused: " + m);
        }
        return new Failure(FailureKind.PROTOCOL, "HTTP/2 " + e.error().name() + ": " + m, requestSent);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof DecoderException || cur.getClass() == RuntimeException.class)
                && cur.getCause() != null && cur.getCause() != cur) {
            if (cur instanceof TooLongFrameException) {
                break;
            }
            cur = cur.getCause();
        }
        return cur;
    }

    private static FailureKind kindOf(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return FailureKind.TOO_LARGE; // the response needed more memory than there was: it, not fanout, is too large
        }
        if (t instanceof BlockedAddressException) {
            return FailureKind.BLOCKED;
        }
        if (t instanceof TooLongFrameException || isDecompressionLimit(t)) {
            return FailureKind.TOO_LARGE;
        }
        if (t instanceof ConnectTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (t instanceof UnknownHostException) {
            return FailureKind.DNS;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return FailureKind.CONNECT;
        }
        if (t instanceof SSLException) {
            return FailureKind.TLS;
        }
        if (t instanceof DecoderException || t instanceof IllegalArgumentException) {
            return FailureKind.PROTOCOL;
        }
        if (t instanceof ClosedChannelException || t instanceof IOException) {
            return FailureKind.RESET;
        }
        return FailureKind.INTERNAL;
    }

    /** The decompressor refused to inflate one read beyond the body limit: a compression bomb, or just too big. */
    private static boolean isDecompressionLimit(Throwable t) {
        return t instanceof DecompressionException && t.getMessage() != null && t.getMessage().contains("maximum size");
    }

    /** The body limit behind Netty's "maximum size: N" (the transport gives the inflater the limit plus one). */
    private static String inflateLimitOf(String message) {
        String digits = message.replaceAll("\\D+", "");
        return digits.isEmpty() ? "the" : Long.toString(Long.parseLong(digits) - 1);
    }

    private static String message(FailureKind kind, Throwable t) {
        String m = t.getMessage();
        if (t instanceof OutOfMemoryError) {
            return "not enough memory for this response (the Java heap is " + Runtime.getRuntime().maxMemory()
                    + " bytes): lower --max-memory or -c, or give Java more (FANOUT_JAVA_OPTS=-Xmx2g)";
        }
        if (kind == FailureKind.TOO_LARGE) {
            return t instanceof TooLongFrameException
                    ? "response " + (m != null && m.contains("line") ? "status line" : "headers") + " larger than the limit (" + oneLine(String.valueOf(m)) + ")"
                    : "decompressed body exceeds the limit of " + inflateLimitOf(m) + " bytes";
        }
        if (kind == FailureKind.DNS) {
            return "cannot resolve host " + (m == null ? "" : m);
        }
        if (kind == FailureKind.TIMEOUT) {
            return "connect timed out";
        }
        if (kind == FailureKind.CONNECT && m != null) {
            // epoll says "finishConnect(..) failed with error(-111): Connection refused: host/1.2.3.4:80"
            int at = m.lastIndexOf("Connection refused");
            if (at >= 0) {
                String rest = m.substring(at + "Connection refused".length());
                return "connection refused" + (rest.startsWith(": ") ? ": " + address(rest.substring(2)) : rest);
            }
        }
        if (kind == FailureKind.TLS) {
            m = tlsReason(t);
        }
        if (kind == FailureKind.RESET && m != null && m.contains("Connection reset by peer")) {
            return "connection reset by peer"; // epoll prefixes "recvAddress(..) failed with error(-104): "
        }
        if (t instanceof ClosedChannelException || m == null || m.isBlank()) {
            return kind == FailureKind.RESET ? "connection closed by the server" : t.getClass().getSimpleName();
        }
        return oneLine(m);
    }

    /**
     * Why a TLS handshake failed: the certificate's problem when there is one in the causes (BoringSSL's engine
     * says only "General OpenSslEngine problem", the trust manager's exception under it says what), else the
     * handshake's own message.
     */
    private static String tlsReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateException && c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return t.getMessage();
    }

    /**
     * Java's {@code host/1.2.3.4:80} (an address's name, then the address) as a user writes it: {@code 1.2.3.4:80}
     * when the name is the address, {@code host (1.2.3.4:80)} when it is not.
     */
    static String address(String javaForm) {
        int slash = javaForm.indexOf('/');
        if (slash < 0) {
            return javaForm;
        }
        String name = javaForm.substring(0, slash);
        String address = javaForm.substring(slash + 1);
        return name.isEmpty() || address.startsWith(name + ":") ? address : name + " (" + address + ")";
    }

    static String oneLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
