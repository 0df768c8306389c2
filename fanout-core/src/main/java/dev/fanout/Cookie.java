package dev.fanout;

/**
 * One stored cookie, as RFC 6265 keeps it. {@link #toString()} never shows the value.
 *
 * @param name          the cookie's name
 * @param value         its value
 * @param domain        the host it belongs to (host-only) or the domain it covers, lower case, no leading dot
 * @param hostOnly      sent to exactly {@code domain} only (no Domain attribute was given)
 * @param path          sent to request paths under this one
 * @param secure        sent over https only
 * @param httpOnly      marked HttpOnly (kept for the jar file; HTTP requests send it either way)
 * @param expiresMillis Unix time in ms it expires at, or 0 for a session cookie (gone at the end of the run,
 *                      unless a jar file keeps it, as curl's do)
 */
public record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
                     boolean httpOnly, long expiresMillis) {

    /** Whether it has expired at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return expiresMillis != 0 && expiresMillis <= nowMillis;
    }

    /** Whether a request to {@code host} (lower case, ASCII), {@code path}, over TLS or not, carries it (RFC 6265 5.4). */
    public boolean matches(String host, String requestPath, boolean tls) {
        if (secure && !tls) {
            return false;
        }
        boolean domainOk = hostOnly ? host.equals(domain)
                : host.equals(domain) || (host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.');
        return domainOk && pathMatches(requestPath);
    }

    private boolean pathMatches(String requestPath) {
        if (requestPath.equals(path)) {
            return true;
        }
        return requestPath.startsWith(path) && (path.endsWith("/") || requestPath.charAt(path.length()) == '/');
    }

    @Override
    public String toString() {
        return name + "=*** (" + (hostOnly ? "" : ".") + domain + path + (secure ? ", secure" : "") + ")";
    }
}
