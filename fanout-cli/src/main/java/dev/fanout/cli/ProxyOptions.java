package dev.fanout.cli;

import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.internal.proxy.NoProxy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
    private String proxy;
    private String list;
    private String noProxy;
    private String rotate;
    private Integer perProxy;
    private Integer failAfter;

    static void addTo(CommandSpec spec) {
        option(spec, String.class, "URL", "Send requests through this proxy: http://, https:// (TLS to the proxy), socks5:// (names resolved here) or socks5h:// (by the proxy); user:pass@ for its credentials. '' ignores the proxy environment variables. Default: http_proxy, https_proxy, all_proxy from the environment.", "-x", "--proxy");
        option(spec, String.class, "FILE", "Spread requests over the proxies in FILE (one URL per line; # comments).", "--proxy-list");
        option(spec, String.class, "LIST", "Hosts reached directly: comma list of names (with their subdomains), .domains, IPs, CIDRs, or * (default: NO_PROXY).", "--noproxy");
        option(spec, String.class, "per-request|per-host", "How --proxy-list spreads requests: each request the next proxy (default), or every request to a host through the same one.", "--proxy-rotate");
        option(spec, Integer.class, "N", "Requests in flight at once through one proxy (default: no limit beyond -c).", "--per-proxy");
        option(spec, Integer.class, "N", "Take a proxy out after N of its own failures in a row; its requests go on through the others (default: " + ProxyConfig.DEFAULT_FAIL_AFTER + "; 0 = never).", "--proxy-fail-after");
    }

    private static void option(CommandSpec spec, Class<?> type, String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).paramLabel(label).type(type).description(description).build());
    }

    void bind(ParseResult r) {
        proxy = r.matchedOptionValue("--proxy", proxy);
        list = r.matchedOptionValue("--proxy-list", list);
        noProxy = r.matchedOptionValue("--noproxy", noProxy);
        rotate = r.matchedOptionValue("--proxy-rotate", rotate);
        perProxy = r.matchedOptionValue("--per-proxy", perProxy);
        failAfter = r.matchedOptionValue("--proxy-fail-after", failAfter);
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
