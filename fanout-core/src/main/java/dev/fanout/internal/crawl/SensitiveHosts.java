package dev.fanout.internal.crawl;

import java.util.Locale;
import java.util.Set;

/**
 * Hosts a crawl must not wander to by following links: link-local and unique-local addresses, where cloud
 * instance metadata lives (169.254.169.254, fd00:ec2::254, 100.100.100.200), and the metadata services' names.
 * A link there on a page an attacker controls would make the crawler fetch credentials.
 */
public final class SensitiveHosts {
    private static final Set<String> NAMES = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "100.100.100.200");

    private SensitiveHosts() {
    }

    /** Whether {@code host} (lower-case name or IP literal, IPv6 with or without brackets) is one of them. */
    public static boolean is(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (NAMES.contains(h) || h.startsWith("169.254.")) {
            return true;
        }
        if (h.contains(":")) {
            // fe80::/10 link-local, fc00::/7 unique-local (fd00::/8 in practice), IPv4-mapped link-local
            return h.startsWith("fe8") || h.startsWith("fe9") || h.startsWith("fea") || h.startsWith("feb")
                    || h.startsWith("fc") || h.startsWith("fd") || h.startsWith("::ffff:169.254.");
        }
        return false;
    }
}
