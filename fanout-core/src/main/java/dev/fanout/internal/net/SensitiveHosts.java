package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts a crawled link or a redirect must not lead to by their name alone ({@link Reach#sensitive}): link-local
 * and unique-local addresses, where cloud instance metadata lives (169.254.169.254, fd00:ec2::254,
 * 100.100.100.200), and the metadata services' names. A link there on a page an attacker controls, or a redirect
 * from its server, would make the client fetch credentials.
 */
public final class SensitiveHosts {
    private static final BlockedNetworks ALWAYS_BLOCKED = BlockedNetworks.of(List.of());
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
        if (NAMES.contains(h)) {
            return true;
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(h);
        try {
            return literal != null && ALWAYS_BLOCKED.blocking(InetAddress.getByAddress(literal)) != null;
        } catch (UnknownHostException e) {
            return false; // not a literal after all
        }
    }
}
