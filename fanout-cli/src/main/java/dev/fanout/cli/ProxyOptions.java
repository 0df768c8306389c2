package dev.fanout.cli;

import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.internal.net.NoProxy;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The proxy options of {@code fanout get}: {@code --proxy}, {@code --proxy-list}, {@code --noproxy},
 * {@code --proxy-rotate}, {@code --per-proxy}, {@code --proxy-fail-after}, and the environment curl reads when
 * neither proxy option is given. {@link #config} turns them into the client's {@link ProxyConfig} and says once
 * on stderr which proxy is in use (never its credentials).
 */
final class ProxyOptions {
    private final String proxy;
    private final String list;
    private final String noProxy;
    private final String rotate;
    private final Integer perProxy;
    private final Integer failAfter;

    /** The proxy options given in {@code r}. */
    ProxyOptions(ParseResult r) {
        proxy = GetOptionTable.PROXY.in(r);
        list = GetOptionTable.PROXY_LIST.in(r);
        noProxy = GetOptionTable.NOPROXY.in(r);
        rotate = GetOptionTable.PROXY_ROTATE.in(r);
        perProxy = GetOptionTable.PER_PROXY.in(r);
        failAfter = GetOptionTable.PROXY_FAIL_AFTER.in(r);
    }

    /**
     * The proxies from the options or, when neither {@code --proxy} nor {@code --proxy-list} is given, from
     * {@code env}. A bad value is an IllegalArgumentException naming the option, file line or variable.
     * {@code say} (null when quiet) gets one line telling which proxy is in use.
     */
    ProxyConfig config(Map<String, String> env, PrintStream say) {
        if (proxy != null && list != null) {
            throw new IllegalArgumentException("give --proxy or --proxy-list, not both");
        }
        if (perProxy != null && perProxy < 1) {
            throw new IllegalArgumentException("--per-proxy must be at least 1, got " + perProxy);
        }
        if (failAfter != null && failAfter < 0) {
            throw new IllegalArgumentException("--proxy-fail-after must be 0 or more, got " + failAfter);
        }
        ProxyConfig c;
        String from;
        if (list != null) {
            c = ProxyConfig.of(readList(Path.of(list)));
            from = list;
        } else if (proxy != null && proxy.isBlank()) {
            c = ProxyConfig.NONE;
            from = "--proxy ''";
        } else if (proxy != null) {
            try {
                c = ProxyConfig.of(Proxy.parse(proxy));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--proxy: " + e.getMessage());
            }
            from = "--proxy";
        } else {
            c = ProxyConfig.fromEnvironment(env);
            from = "environment";
        }
        if (noProxy == null && !from.equals("environment")) {
            // as curl: NO_PROXY applies to a proxy given as an option too, unless --noproxy replaces it
            c = c.withNoProxy(ProxyConfig.fromEnvironment(Map.of("no_proxy", firstSet(env, "no_proxy", "NO_PROXY"))).noProxy());
        }
        if (noProxy != null) {
            try {
                c = c.withNoProxy(NoProxy.split(noProxy));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--noproxy: " + e.getMessage());
            }
        }
        if (rotate != null) {
            c = c.withRotation(switch (rotate.strip().toLowerCase(Locale.ROOT)) {
                case "per-request" -> ProxyConfig.Rotation.PER_REQUEST;
                case "per-host" -> ProxyConfig.Rotation.PER_HOST;
                default -> throw new IllegalArgumentException("--proxy-rotate: '" + rotate + "' is neither per-request nor per-host");
            });
        }
        if (perProxy != null) {
            c = c.withPerProxy(perProxy);
        }
        if (failAfter != null) {
            c = c.withFailAfter(failAfter);
        }
        if (say != null && c.enabled()) {
            say.println("fanout: " + describe(c, from, env));
        }
        return c;
    }

    private static String firstSet(Map<String, String> env, String lower, String upper) {
        String v = env.get(lower);
        return v != null && !v.isBlank() ? v : env.getOrDefault(upper, "");
    }

    private static List<Proxy> readList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--proxy-list " + file + ": cannot read the file (" + e.getMessage() + ")");
        }
        List<Proxy> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Proxy p = Proxy.parse(line);
                if (!out.contains(p)) {
                    out.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--proxy-list " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--proxy-list " + file + ": no proxy in the file");
        }
        return out;
    }

    /** E.g. "requests through proxy http://***@10.0.0.1:3128 (--proxy); direct to localhost". */
    private static String describe(ProxyConfig c, String from, Map<String, String> env) {
        StringBuilder s = new StringBuilder();
        if (c.http().equals(c.https())) {
            s.append("requests through ").append(names(c.http()));
        } else {
            s.append("http:// requests ").append(c.http().isEmpty() ? "direct" : "through " + names(c.http()))
                    .append(", https:// requests ").append(c.https().isEmpty() ? "direct" : "through " + names(c.https()));
        }
        s.append(" (").append(from.equals("environment") ? variables(env) : from);
        if (c.http().size() > 1 || c.https().size() > 1) {
            s.append(", ").append(c.rotation() == ProxyConfig.Rotation.PER_HOST ? "one per host" : "in turn");
        }
        s.append(')');
        if (!c.noProxy().isEmpty()) {
            s.append("; direct to ").append(String.join(",", c.noProxy()));
        }
        return s.toString();
    }

    private static String names(List<Proxy> proxies) {
        if (proxies.size() > 3) {
            return proxies.size() + " proxies";
        }
        StringJoiner j = new StringJoiner(", ", proxies.size() == 1 ? "proxy " : "proxies ", "");
        proxies.forEach(p -> j.add(p.redacted()));
        return j.toString();
    }

    private static String variables(Map<String, String> env) {
        StringJoiner j = new StringJoiner(", ", "from ", "");
        for (String v : new String[]{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
            String value = env.get(v);
            if (value != null && !value.isBlank() && !(v.equals("HTTP_PROXY") && env.get("REQUEST_METHOD") != null)) {
                j.add(v);
            }
        }
        return j.toString();
    }
}
