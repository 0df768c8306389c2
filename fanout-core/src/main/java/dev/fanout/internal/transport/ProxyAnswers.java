package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Proxy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Answers to an absolute-form request that came from the HTTP proxy itself rather than from the target: a 407,
 * or a 401 to a request that carried proxy credentials with no {@code Via} header (tinyproxy refuses a wrong
 * password that way; a response forwarded from the target carries the proxy's {@code Via}).
 */
final class ProxyAnswers {
    private ProxyAnswers() {
    }

    /** The {@code proxy} failure for {@code response}, or null when it is the target's answer. */
    static Failure refusal(TransportCall call, HttpResponse response) {
        Proxy proxy = call.proxy();
        if (!proxy.forwardsHttp() || ProxyConnector.tunnels(proxy, call.target())) {
            return null; // through a tunnel every answer is the target's
        }
        int code = response.status().code();
        boolean own = code == 407
                || (code == 401 && proxy.userInfo() != null && !response.headers().contains(HttpHeaderNames.VIA));
        if (!own) {
            return null;
        }
        String why = code == 407
                ? (proxy.userInfo() == null ? " (it wants credentials: give user:pass@ in the proxy URL)" : " (its credentials were refused)")
                : " (its credentials were refused)";
        // the proxy refused to forward it: nothing reached the target
        return Failure.beforeSend(FailureKind.PROXY, "proxy " + proxy.redacted() + " answered " + code + " "
                + response.status().reasonPhrase() + why);
    }
}
