package dev.fanout;

/**
 * Why an attempt ended without an HTTP response. An HTTP error status (404, 503…) is never a failure:
 * it is a response and arrives as {@link Outcome#status()}.
 *
 * <p>Each kind has a stable lower-case {@link #wireName() wire name} used in records, reports and the
 * summary ({@code "connect"}, {@code "timeout"}…).
 */
public enum FailureKind {
    /** The TCP connection could not be made (refused, unreachable). Nothing reached the server. */
    CONNECT("connect"),
    /** The host name did not resolve. Nothing reached the server. */
    DNS("dns"),
    /**
     * This machine could not open a socket for the request: the process reached its open-file limit (EMFILE),
     * the system its own (ENFILE), or no local port was free. Not the server's fault and nothing was sent:
     * retried by default, and it does not count against the host.
     */
    LOCAL_LIMIT("local_limit"),
    /** A phase took longer than its limit; {@link Failure#message()} names the phase. */
    TIMEOUT("timeout"),
    /** The connection was closed or reset before the response was complete. */
    RESET("reset"),
    /** The TLS handshake failed (untrusted certificate, wrong host name, protocol mismatch). */
    TLS("tls"),
    /** The server's bytes were not valid HTTP. */
    PROTOCOL("protocol"),
    /** The response body exceeded the configured cap. */
    TOO_LARGE("too_large"),
    /** The URL could not be parsed or has no http/https scheme and host. Never sent. */
    INVALID_URL("invalid_url"),
    /** The request is malformed in another way (bad method or header). Never sent. */
    INVALID_INPUT("invalid_input"),
    /**
     * Not attempted: earlier connection attempts to the same host failed so many times in a row that the
     * host was given up for the rest of the run. Nothing was sent.
     */
    HOST_UNREACHABLE("host_unreachable"),
    /**
     * A redirect was not followed: too many in a row, a loop, a Location that is not an http(s) URL, or a step
     * from https down to http (unless allowed). The message says which.
     */
    REDIRECT("redirect"),
    /**
     * Not sent: a link the crawl found, or a redirect, led to a host whose address is in a blocked network
     * (link-local, unique-local, cloud metadata, or one added with {@code --block-network}). Nothing was sent.
     */
    BLOCKED("blocked"),
    /**
     * The proxy refused or failed the request: it could not be reached, asked for credentials (407, or 401
     * from a proxy such as tinyproxy), answered a CONNECT with anything but 2xx, or replied with a SOCKS error.
     * The message carries the proxy's status or reply; the target host was not reached.
     */
    PROXY("proxy"),
    /** The run was closed or cancelled before this request finished. */
    CANCELLED("cancelled"),
    /** An unexpected error inside fanout; reported rather than lost. */
    INTERNAL("internal");

    private final String wireName;

    FailureKind(String wireName) {
        this.wireName = wireName;
    }

    /** The stable lower-case name used in records and reports. */
    public String wireName() {
        return wireName;
    }
}
