package dev.fanout.internal.transport;

import dev.fanout.Proxy;
import dev.fanout.internal.proxy.ProxyRouter;
import dev.fanout.internal.net.Url;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;

import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * The proxy, not the target, failed the attempt: unreachable, its TLS, or its refusal of a CONNECT or SOCKS5
 * request. The message is the one the record shows: it names the proxy (without credentials) and carries its
 * status or reply. Nothing reached the target.
 */
final class ProxyException extends Exception {
    ProxyException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The proxy could not be connected to. */
    static ProxyException unreachable(Proxy proxy, Throwable cause) {
        String why;
        if (cause instanceof UnknownHostException) {
            why = "cannot resolve the proxy's host " + proxy.host();
        } else if (cause instanceof ConnectTimeoutException) {
            why = "connect to the proxy timed out";
        } else if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
            why = "connection to the proxy refused";
        } else {
            why = "cannot connect to the proxy: " + FailureClassifier.oneLine(String.valueOf(cause.getMessage()));
        }
        return new ProxyException("proxy " + proxy.redacted() + " unreachable: " + why, cause);
    }

    /**
     * The CONNECT or SOCKS5 handshake failed. Netty's message reads
     * {@code "http, basic, /127.0.0.1:3128 => host:443, status: 407 Proxy Authentication Required"}; the part
     * after the destination is the proxy's answer.
     */
    static ProxyException refused(Proxy proxy, Url target, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        int arrow = m.indexOf(" => ");
        int comma = arrow < 0 ? -1 : m.indexOf(", ", arrow);
        String answer = comma < 0 ? m : m.substring(comma + 2);
        String to = target.host() + ":" + target.port();
        String what;
        if (!(cause instanceof ProxyConnectException)) {
            what = "failed during the handshake for " + to + ": " + FailureClassifier.oneLine(String.valueOf(cause));
        } else if (answer.equals("timeout")) {
            what = "did not complete the handshake for " + to + " in time";
        } else if (answer.equals("disconnected")) {
            what = "closed the connection during the handshake for " + to;
        } else if (proxy.forwardsHttp()) {
            String status = answer.startsWith("status: ") ? answer.substring(8) : answer;
            what = "answered CONNECT " + to + " with " + status
                    + (status.startsWith("401") || status.startsWith("407") ? " (its credentials were refused)"
                    : status.startsWith("502") || status.startsWith("503") || status.startsWith("504") ? ProxyRouter.TARGET_UNREACHABLE : "");
        } else if (answer.startsWith("authStatus: ")) {
            what = "refused the SOCKS5 user name or password";
        } else if (answer.startsWith("unexpected authMethod: ")) {
            what = "asked for a SOCKS5 authentication method fanout does not offer (" + answer.substring(23)
                    + ")" + (proxy.userInfo() == null ? ": give user:pass@ in the proxy URL" : "");
        } else {
            String status = answer.startsWith("status: ") ? answer.substring(8) : answer;
            boolean targetSide = status.startsWith("NETWORK_UNREACHABLE") || status.startsWith("HOST_UNREACHABLE")
                    || status.startsWith("CONNECTION_REFUSED") || status.startsWith("TTL_EXPIRED");
            what = "answered the SOCKS5 request for " + to + " with " + status + (targetSide ? ProxyRouter.TARGET_UNREACHABLE : "");
        }
        return new ProxyException("proxy " + proxy.redacted() + " " + FailureClassifier.oneLine(what), cause);
    }
}
