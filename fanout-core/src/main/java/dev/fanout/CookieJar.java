package dev.fanout;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.util.NetUtil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookies of a client's run: {@code Set-Cookie} answers are kept and sent back where RFC 6265 says (domain
 * and host-only, path, Secure, expiry), on every attempt, redirect and crawled link, through proxies too.
 * Give one to {@link dev.fanout.client.Fanout.Builder#cookies(CookieJar)}; {@link #load} and {@link #save} read and write curl's
 * Netscape-format jar files. At most 50 cookies per domain and 10,000 in all are kept (the oldest go first).
 *
 * <p>Thread-safe: responses arrive on several I/O threads. Not a value: it changes as the run goes on. Cookie
 * values are never written anywhere but the jar file and the requests.
 */
public final class CookieJar {
    private static final int PER_DOMAIN = 50;
    private static final int TOTAL = 10_000;

    /** A cookie and when it was created in this jar (RFC 6265 sends older ones first). */
    private record Entry(Cookie cookie, long created) {
    }

    /** Cookies by domain, each list in creation order. Guarded by {@code this}. */
    private final Map<String, List<Entry>> byDomain = new HashMap<>();
    private int size;
    private long created;

    private CookieJar() {
    }

    /** An empty jar. */
    public static CookieJar empty() {
        return new CookieJar();
    }

    /**
     * The cookies in a Netscape-format file (curl's {@code -c} format, {@code #HttpOnly_} lines included); an
     * empty jar when the file does not exist. Expired cookies are dropped. Throws IOException naming the file
     * and line that is not a cookie line.
     */
    public static CookieJar load(Path file) throws IOException {
        CookieJar jar = new CookieJar();
        long now = System.currentTimeMillis();
        for (Cookie c : NetscapeCookies.read(file)) {
            if (!c.expired(now)) {
                jar.put(c);
            }
        }
        return jar;
    }

    /** Writes the cookies not expired to {@code file} in Netscape format: atomically, readable by its owner only. */
    public void save(Path file) throws IOException {
        NetscapeCookies.write(file, cookies());
    }

    /** The cookies now in the jar (not expired), by domain. */
    public synchronized List<Cookie> cookies() {
        long now = System.currentTimeMillis();
        List<Cookie> out = new ArrayList<>();
        byDomain.values().forEach(l -> l.stream().map(Entry::cookie).filter(c -> !c.expired(now)).forEach(out::add));
        out.sort(Comparator.comparing(Cookie::domain).thenComparing(Cookie::path).thenComparing(Cookie::name));
        return out;
    }

    /**
     * The {@code Cookie} header value for a request to {@code host} (lower case, ASCII) and {@code path}, or null
     * when no cookie applies: longer paths first, then older cookies (RFC 6265 5.4).
     */
    public synchronized String header(String host, String path, boolean tls) {
        if (size == 0) {
            return null;
        }
        long now = System.currentTimeMillis();
        String p = pathOnly(path);
        List<Entry> matching = new ArrayList<>();
        for (String d = host; d != null; d = parent(d)) {
            List<Entry> list = byDomain.get(d);
            if (list == null) {
                continue;
            }
            for (Iterator<Entry> it = list.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.cookie().expired(now)) {
                    it.remove();
                    size--;
                } else if (e.cookie().matches(host, p, tls)) {
                    matching.add(e);
                }
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        matching.sort(Comparator.comparingInt((Entry e) -> -e.cookie().path().length()).thenComparingLong(Entry::created));
        StringBuilder h = new StringBuilder();
        for (Entry e : matching) {
            h.append(h.isEmpty() ? "" : "; ").append(e.cookie().name()).append('=').append(e.cookie().value());
        }
        return h.toString();
    }

    /**
     * Keeps what a response's {@code Set-Cookie} headers set, for the request to {@code host} and {@code path}
     * (RFC 6265 5.3): a Domain must cover the host (else the cookie is ignored), a missing Path is the request's
     * directory, a Secure cookie is taken from https only, Max-Age 0 or a past Expires deletes it.
     */
    public void store(String host, String path, boolean tls, List<String> setCookies) {
        long now = System.currentTimeMillis();
        for (String header : setCookies) {
            io.netty.handler.codec.http.cookie.Cookie parsed = ClientCookieDecoder.LAX.decode(header);
            if (parsed == null || parsed.name().isEmpty() || (parsed.isSecure() && !tls)) {
                continue;
            }
            String domain = host;
            boolean hostOnly = true;
            if (parsed.domain() != null && !parsed.domain().isBlank()) {
                String d = parsed.domain().toLowerCase(Locale.ROOT);
                while (d.startsWith(".")) {
                    d = d.substring(1);
                }
                boolean covers = host.equals(d) || (host.endsWith("." + d) && !isIp(host) && d.indexOf('.') > 0);
                if (!covers) {
                    continue; // a server may not set cookies for another site (or a whole top-level domain)
                }
                domain = d;
                hostOnly = false;
            }
            String cookiePath = parsed.path() != null && parsed.path().startsWith("/") ? parsed.path() : defaultPath(path);
            long maxAge = parsed.maxAge();
            // whole seconds, as cookie dates and jar files have them
            long expires = maxAge == Long.MIN_VALUE ? 0 : maxAge <= 0 ? -1 : (now / 1000 + Math.min(maxAge, Long.MAX_VALUE / 2000)) * 1000;
            Cookie c = new Cookie(parsed.name(), parsed.value(), domain, hostOnly, cookiePath, parsed.isSecure(),
                    parsed.isHttpOnly(), expires);
            synchronized (this) {
                remove(c);
                if (expires >= 0) {
                    put(c);
                }
            }
        }
    }

    /** Adds a cookie, replacing one of the same name, domain and path. */
    public void add(Cookie c) {
        put(c);
    }

    /** How many cookies the jar holds (expired ones may still count until they are next looked at). */
    public synchronized int size() {
        return size;
    }

    private synchronized void put(Cookie c) {
        remove(c);
        List<Entry> list = byDomain.computeIfAbsent(c.domain(), k -> new ArrayList<>());
        list.add(new Entry(c, created++));
        size++;
        if (list.size() > PER_DOMAIN) {
            list.remove(0);
            size--;
        }
        if (size > TOTAL) {
            evictOldest();
        }
    }

    /** Removes the cookie with the same name, domain, host-only flag and path, if any. */
    private void remove(Cookie c) {
        List<Entry> list = byDomain.get(c.domain());
        if (list != null && list.removeIf(e -> e.cookie().name().equals(c.name()) && e.cookie().path().equals(c.path())
                && e.cookie().hostOnly() == c.hostOnly())) {
            size = byDomain.values().stream().mapToInt(List::size).sum();
        }
    }

    private void evictOldest() {
        // lists are in creation order; the domain with the most cookies gives up its oldest
        byDomain.values().stream().max(Comparator.comparingInt(List::size)).ifPresent(l -> {
            l.remove(0);
            size--;
        });
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 || dot == domain.length() - 1 ? null : domain.substring(dot + 1);
    }

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String p = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        return p.isEmpty() ? "/" : p;
    }

    /** The directory of the request's path (RFC 6265 5.1.4). */
    private static String defaultPath(String pathAndQuery) {
        String p = pathOnly(pathAndQuery);
        int last = p.lastIndexOf('/');
        return last <= 0 ? "/" : p.substring(0, last);
    }

    private static boolean isIp(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }
}
