package dev.fanout;

import dev.fanout.internal.net.BlockedNetworks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link dev.fanout.client.Fanout} client, fixed when it is built. Made by {@link dev.fanout.client.Fanout.Builder#config()}
 * (from {@link dev.fanout.client.Fanout#builder()}, or from {@link dev.fanout.client.Fanout#builder(FanoutConfig)} for a changed copy), so that a setting added
 * later breaks no caller; the canonical constructor checks every setting but is not meant to be called.
 *
 * @param concurrency      requests in flight at once, over all hosts
 * @param perHost          requests in flight at once to one origin (scheme, host and port)
 * @param connectTimeout   limit on establishing a connection (TCP and TLS)
 * @param firstByteTimeout limit from sending a request to the first byte of its response; zero for none
 * @param readTimeout      limit on a silence while waiting for response bytes (between reads); zero for none
 * @param timeout          limit on one attempt, from its start to the last body byte
 * @param defaultHeaders   headers sent with every request unless the request sets the same name
 * @param keepBodies       whether outcomes carry response bodies and headers; when false only body sizes are
 *                         counted (a bulk run that records statuses saves the copying)
 * @param maxBodyBytes     a body larger than this ends the attempt as {@link FailureKind#TOO_LARGE}
 * @param ioThreads        event-loop threads; 0 picks one per available core, at most 4
 * @param streamBuffer     outcomes a stream may hold beyond those in flight (completed but not yet consumed,
 *                         or waiting for an earlier one in an ordered stream); bounds a stream's memory
 * @param retry            which attempts are retried and after how long
 * @param rate             limit on request starts over all hosts, or {@code null} for none
 * @param ratePerHost      limit on request starts per origin, or {@code null} for none
 * @param adaptive         adaptive per-origin concurrency, or {@code null} for the fixed {@code perHost}
 * @param deadHostAfter    after this many consecutive connection failures to an origin, its remaining
 *                         requests end as {@link FailureKind#HOST_UNREACHABLE}; 0 never gives up
 * @param tls              how HTTPS servers are checked
 * @param redirects        which redirects are followed
 * @param blockedNetworks  networks (CIDR) that links a crawl found and redirect targets may not connect to, on
 *                         top of link-local, unique-local and metadata addresses, which are always blocked
 *                         (unless the input or the crawl's scope names the host)
 * @param maxMemory        bytes of response bodies held in memory at once (see {@link dev.fanout.client.Fanout.Builder#maxMemory}):
 *                         requests wait for room; a body larger than this is {@link FailureKind#TOO_LARGE}
 * @param saveBodies       a directory that bodies are written to as they arrive, or null for none
 * @param proxy            which proxies requests go through ({@link ProxyConfig#NONE}: direct)
 * @param cookies          the jar responses' cookies are kept in and requests' are taken from, or null for none
 * @param rateHeaders      whether each origin is paced by the quota its responses state (RateLimit,
 *                         RateLimit-Remaining, X-RateLimit-Remaining fields) or learned from its 429s, and
 *                         over-quota answers retried after the reset
 */
public record FanoutConfig(int concurrency, int perHost, Duration connectTimeout, Duration firstByteTimeout,
                           Duration readTimeout, Duration timeout, Headers defaultHeaders, boolean keepBodies,
                           long maxBodyBytes, int ioThreads, int streamBuffer, RetryPolicy retry, RateLimit rate,
                           RateLimit ratePerHost, AdaptiveLimit adaptive, int deadHostAfter, TlsSettings tls,
                           RedirectPolicy redirects, List<String> blockedNetworks, long maxMemory, Path saveBodies,
                           ProxyConfig proxy, CookieJar cookies, boolean rateHeaders) {

    public FanoutConfig {
        // (compact canonical constructor: checks every setting)
        positive(concurrency, "concurrency");
        positive(perHost, "perHost");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(streamBuffer, "streamBuffer");
        positive(maxMemory, "maxMemory");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0, got " + ioThreads);
        }
        if (deadHostAfter < 0) {
            throw new IllegalArgumentException("deadHostAfter must be >= 0, got " + deadHostAfter);
        }
        positive(Objects.requireNonNull(connectTimeout, "connectTimeout").toMillis(), "connectTimeout");
        positive(Objects.requireNonNull(timeout, "timeout").toMillis(), "timeout");
        notNegative(Objects.requireNonNull(firstByteTimeout, "firstByteTimeout"), "firstByteTimeout");
        notNegative(Objects.requireNonNull(readTimeout, "readTimeout"), "readTimeout");
        Objects.requireNonNull(defaultHeaders, "defaultHeaders");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(redirects, "redirects");
        Objects.requireNonNull(proxy, "proxy");
        blockedNetworks = List.copyOf(blockedNetworks);
        BlockedNetworks.of(blockedNetworks); // each must parse
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void notNegative(Duration d, String name) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
