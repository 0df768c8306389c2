package dev.fanout.crawl;

import java.util.List;
import java.util.Locale;

/**
 * Which hosts a crawl may follow links to. Applies to links ({@link Frontier#follow}); requests a step builds
 * itself ({@link Frontier#add}) are the step's own choice, except that no found request connects into a
 * blocked network (link-local, metadata…) unless the scope {@link #names} its host.
 */
public sealed interface Scope {

    /** Whether a link to {@code host}, found in a response from {@code fromHost}, may be followed. */
    boolean allows(String fromHost, String host);

    /** Whether the scope names {@code host} itself (not by a wildcard): how a crawl is allowed a sensitive host. */
    default boolean names(String host) {
        return false;
    }

    /** Links to the host of the page they were found on (the default). */
    static Scope sameHost() {
        return SameHost.INSTANCE;
    }

    /** Links anywhere. */
    static Scope any() {
        return Any.INSTANCE;
    }

    /** Links to hosts matching one of the patterns: {@code example.org}, or {@code *.example.org} for its subdomains. */
    static Scope hosts(List<String> patterns) {
        return new Hosts(patterns.stream().map(p -> Hosts.bare(p.strip())).toList());
    }

    /** {@code same-host}, {@code any}, or a comma-separated list of host patterns. */
    static Scope parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("same-host") || t.equalsIgnoreCase("same")) {
            return sameHost();
        }
        if (t.equalsIgnoreCase("any")) {
            return any();
        }
        List<String> patterns = List.of(t.split(","));
        for (String p : patterns) {
            String s = p.strip();
            String host = s.startsWith("*.") ? s.substring(2) : s;
            if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("'" + s + "' is not a host pattern: use same-host, any, or hosts like example.org,*.example.org");
            }
        }
        return hosts(patterns);
    }

    /** See {@link #sameHost()}. */
    enum SameHost implements Scope {
        INSTANCE;

        @Override
        public boolean allows(String fromHost, String host) {
            return host.equalsIgnoreCase(fromHost);
        }
    }

    /** See {@link #any()}. */
    enum Any implements Scope {
        INSTANCE;

        @Override
        public boolean allows(String fromHost, String host) {
            return true;
        }
    }

    /** See {@link #hosts(List)}. */
    record Hosts(List<String> patterns) implements Scope {
        @Override
        public boolean names(String host) {
            return patterns.contains(bare(host));
        }

        /** Lower case, IPv6 without brackets, so that [::1] and ::1 compare equal. */
        static String bare(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        @Override
        public boolean allows(String fromHost, String host) {
            String h = bare(host);
            for (String p : patterns) {
                if (p.startsWith("*.") ? h.endsWith(p.substring(1)) || h.equals(p.substring(2)) : h.equals(p)) {
                    return true;
                }
            }
            return false;
        }
    }
}
