package dev.fanout;

import dev.fanout.internal.net.NoProxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which proxies a client's requests go through. An immutable value, given to
 * {@link dev.fanout.client.Fanout.Builder#proxy(ProxyConfig)}; {@link #NONE} (the default) connects directly.
 *
 * <pre>{@code
 * ProxyConfig.of(Proxy.parse("http://user:pass@proxy.corp:3128")).withNoProxy(List.of("localhost", ".corp"));
 * ProxyConfig.fromEnvironment(System.getenv());                          // as curl reads it
 * ProxyConfig.of(list).withRotation(Rotation.PER_HOST).withPerProxy(20);  // a list, one proxy per host
 * }</pre>
 *
 * <p>With several proxies, requests are spread across them ({@link Rotation}); a proxy that fails
 * {@code failAfter} times in a row (its own failure, {@link FailureKind#PROXY}) is taken out for the rest of the
 * run and its requests go on through the others. Per-host limits, rates, adaptive concurrency and blocked
 * networks still apply to the target host; keep-alive connections are pooled per (proxy, origin).
 *
 * @param http      proxies for {@code http://} targets (empty: direct)
 * @param https     proxies for {@code https://} targets (empty: direct)
 * @param noProxy   hosts reached directly, as curl's {@code NO_PROXY}: names (and their subdomains), {@code .suffix},
 *                  IP literals, CIDRs, or {@code *} for every host
 * @param rotation  how requests are spread over several proxies
 * @param failAfter a proxy failing this many times in a row is taken out; 0 never takes one out
 * @param perProxy  requests in flight at once through one proxy; 0 for no cap beyond the client's
 */
public record ProxyConfig(List<Proxy> http, List<Proxy> https, List<String> noProxy, Rotation rotation,
                          int failAfter, int perProxy) {

    /** How requests are spread over several proxies. */
    public enum Rotation {
        /** Each request (and each retry) takes the next proxy in turn. */
        PER_REQUEST,
        /** All requests to one origin go through the same proxy (another one if it is taken out). */
        PER_HOST
    }

    /** Consecutive failures after which a proxy is taken out, by default. */
    public static final int DEFAULT_FAIL_AFTER = 5;

    /** No proxy: every request connects directly. */
    public static final ProxyConfig NONE = new ProxyConfig(List.of(), List.of(), List.of(), Rotation.PER_REQUEST,
            DEFAULT_FAIL_AFTER, 0);

    public ProxyConfig {
        http = List.copyOf(http);
        https = List.copyOf(https);
        noProxy = List.copyOf(noProxy);
        NoProxy.of(noProxy); // each entry must parse
        Objects.requireNonNull(rotation, "rotation");
        if (failAfter < 0 || perProxy < 0) {
            throw new IllegalArgumentException("failAfter and perProxy must be >= 0");
        }
    }

    /** These proxies for every target, http and https. */
    public static ProxyConfig of(List<Proxy> proxies) {
        return new ProxyConfig(proxies, proxies, List.of(), Rotation.PER_REQUEST, DEFAULT_FAIL_AFTER, 0);
    }

    /** This proxy for every target. */
    public static ProxyConfig of(Proxy proxy) {
        return of(List.of(proxy));
    }

    /**
     * The proxies the environment names, as curl reads it: {@code http_proxy} for http targets,
     * {@code https_proxy} for https targets, {@code all_proxy} for either when the scheme's own is unset,
     * {@code no_proxy} for hosts reached directly; each also in upper case, the lower-case one first. Upper-case
     * {@code HTTP_PROXY} is ignored when {@code REQUEST_METHOD} is set: in a CGI program it comes from the
     * client's {@code Proxy:} header (the "httpoxy" attack). Empty values count as unset. Throws
     * IllegalArgumentException naming the variable when a value is not a proxy URL.
     */
    public static ProxyConfig fromEnvironment(Map<String, String> env) {
        boolean cgi = env.get("REQUEST_METHOD") != null;
        String[] all = first(env, "all_proxy", "ALL_PROXY");
        String[] http = first(env, "http_proxy", cgi ? null : "HTTP_PROXY");
        String[] https = first(env, "https_proxy", "HTTPS_PROXY");
        String[] no = first(env, "no_proxy", "NO_PROXY");
        List<Proxy> forHttp = parse(http != null ? http : all);
        List<Proxy> forHttps = parse(https != null ? https : all);
        List<String> noProxy = no == null ? List.of() : NoProxy.split(no[1]);
        return new ProxyConfig(forHttp, forHttps, noProxy, Rotation.PER_REQUEST, DEFAULT_FAIL_AFTER, 0);
    }

    /** {name, value} of the first variable set to a non-blank value, or null. */
    private static String[] first(Map<String, String> env, String lower, String upper) {
        for (String name : new String[]{lower, upper}) {
            String v = name == null ? null : env.get(name);
            if (v != null && !v.isBlank()) {
                return new String[]{name, v.strip()};
            }
        }
        return null;
    }

    private static List<Proxy> parse(String[] variable) {
        if (variable == null) {
            return List.of();
        }
        try {
            return List.of(Proxy.parse(variable[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable[0] + ": " + e.getMessage(), e);
        }
    }

    /** Whether any request may go through a proxy. */
    public boolean enabled() {
        return !http.isEmpty() || !https.isEmpty();
    }

    /** Every distinct proxy, http ones first. */
    public List<Proxy> proxies() {
        LinkedHashSet<Proxy> all = new LinkedHashSet<>(http);
        all.addAll(https);
        return new ArrayList<>(all);
    }

    public ProxyConfig withNoProxy(List<String> hosts) {
        return new ProxyConfig(http, https, hosts, rotation, failAfter, perProxy);
    }

    public ProxyConfig withRotation(Rotation r) {
        return new ProxyConfig(http, https, noProxy, r, failAfter, perProxy);
    }

    public ProxyConfig withFailAfter(int failures) {
        return new ProxyConfig(http, https, noProxy, rotation, failures, perProxy);
    }

    public ProxyConfig withPerProxy(int inFlight) {
        return new ProxyConfig(http, https, noProxy, rotation, failAfter, inFlight);
    }
}
