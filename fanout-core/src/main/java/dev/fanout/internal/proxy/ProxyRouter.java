package dev.fanout.internal.proxy;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.internal.net.NoProxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the proxy for each attempt and keeps each proxy's state: requests in flight through it, its failures
 * in a row, whether it was taken out. Part of admission: the dispatcher asks it, under the dispatcher's lock,
 * when a call may start (so every method runs under that lock; {@link #takenOut()} may be read from any thread).
 */
public final class ProxyRouter {
    /** {@link #choose}: connect directly (no proxy for this scheme, or the host is in no-proxy). */
    public static final int DIRECT = -1;
    /** {@link #choose}: every proxy the call may use has its {@code perProxy} requests in flight; wait. */
    public static final int FULL = -2;
    /** {@link #choose}: every proxy the call may use was taken out; see {@link #noneLeft}. */
    public static final int NONE_LEFT = -3;
    /**
     * Ends the message of a {@code proxy} failure that reports the target unreachable (a CONNECT answered 502,
     * 503 or 504; a SOCKS5 reply of network or host unreachable, connection refused, TTL expired): the proxy
     * works, so it does not count towards taking it out.
     */
    public static final String TARGET_UNREACHABLE = ": the proxy could not reach the target";

    private final ProxyConfig config;
    private final NoProxy noProxy;
    private final List<Proxy> all;
    private final int[] forHttp;
    private final int[] forHttps;
    private final int[] inFlight;
    private final int[] failuresInARow;
    private final String[] takenOut;
    private int nextHttp;
    private int nextHttps;

    private ProxyRouter(ProxyConfig config) {
        this.config = config;
        this.noProxy = NoProxy.of(config.noProxy());
        this.all = config.proxies();
        this.forHttp = config.http().stream().mapToInt(all::indexOf).toArray();
        this.forHttps = config.https().stream().mapToInt(all::indexOf).toArray();
        this.inFlight = new int[all.size()];
        this.failuresInARow = new int[all.size()];
        this.takenOut = new String[all.size()];
    }

    /** A router for {@code config}, or null when it names no proxy. */
    public static ProxyRouter of(ProxyConfig config) {
        return config.enabled() ? new ProxyRouter(config) : null;
    }

    public Proxy proxy(int index) {
        return all.get(index);
    }

    /**
     * The proxy (an index for {@link #proxy}) the next attempt of a request to {@code host} over {@code tls}
     * goes through, {@link #DIRECT}, {@link #FULL} or {@link #NONE_LEFT}. {@code avoid} is the proxy the
     * previous attempt failed on (or -1): another one is taken if any is left.
     */
    public int choose(boolean tls, String host, String originKey, int avoid) {
        int[] candidates = tls ? forHttps : forHttp;
        if (candidates.length == 0 || noProxy.matches(host)) {
            return DIRECT;
        }
        int live = 0;
        for (int i : candidates) {
            if (takenOut[i] == null) {
                live++;
            }
        }
        if (live == 0) {
            return NONE_LEFT;
        }
        int n = candidates.length;
        boolean perHost = config.rotation() == ProxyConfig.Rotation.PER_HOST;
        int start = perHost ? Math.floorMod(originKey.hashCode() * 0x9E3779B9, n) : (tls ? nextHttps : nextHttp) % n;
        for (int k = 0; k < n; k++) {
            int slot = (start + k) % n;
            int i = candidates[slot];
            if (takenOut[i] != null || (i == avoid && live > 1)) {
                continue;
            }
            if (config.perProxy() > 0 && inFlight[i] >= config.perProxy()) {
                if (perHost) {
                    return FULL; // the host's proxy: its requests wait for it rather than spread
                }
                continue;
            }
            if (!perHost) {
                if (tls) {
                    nextHttps = slot + 1;
                } else {
                    nextHttp = slot + 1;
                }
            }
            return i;
        }
        return FULL;
    }

    /** Why a request to {@code tls}'s proxies cannot go anywhere. */
    public String noneLeft(boolean tls) {
        StringBuilder why = new StringBuilder("every proxy was taken out (");
        int[] candidates = tls ? forHttps : forHttp;
        for (int k = 0; k < candidates.length; k++) {
            why.append(k == 0 ? "" : "; ").append(takenOut[candidates[k]]);
        }
        return why.append(')').toString();
    }

    public void started(int index) {
        inFlight[index]++;
    }

    /**
     * An attempt through proxy {@code index} ended: its slot is free, and a failure of the proxy's own counts
     * towards taking it out. Returns whether this attempt took it out.
     */
    public boolean finished(int index, Outcome attempt) {
        inFlight[index]--;
        if (attempt.hasResponse() || attempt.failure().kind() != FailureKind.PROXY) {
            failuresInARow[index] = 0;
            return false;
        }
        if (attempt.failure().message().endsWith(TARGET_UNREACHABLE)) {
            return false; // the proxy answered: a dead target must not take it out
        }
        failuresInARow[index]++;
        if (config.failAfter() > 0 && failuresInARow[index] >= config.failAfter() && takenOut[index] == null) {
            synchronized (takenOut) {
                takenOut[index] = "proxy " + all.get(index).redacted() + " taken out after " + config.failAfter()
                        + " failures in a row (last: " + attempt.failure().message() + ")";
            }
            return true;
        }
        return false;
    }

    /** Proxies taken out so far (redacted URL → why). Any thread. */
    public Map<String, String> takenOut() {
        Map<String, String> out = new LinkedHashMap<>();
        synchronized (takenOut) {
            for (int i = 0; i < all.size(); i++) {
                if (takenOut[i] != null) {
                    out.put(all.get(i).redacted(), takenOut[i]);
                }
            }
        }
        return out;
    }
}
