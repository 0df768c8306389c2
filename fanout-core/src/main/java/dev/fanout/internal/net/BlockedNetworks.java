package dev.fanout.internal.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks that requests the user did not give — links a crawl follows, where redirects lead — may not
 * connect to, whatever name they reach them by: link-local (where cloud instance metadata lives, 169.254.169.254
 * and fd00:ec2::254), unique-local, Alibaba's metadata address, and any the user adds. Checked on the address a
 * name resolved to, so a public name pointing at 169.254.169.254 is caught as well as the literal. Immutable.
 */
public final class BlockedNetworks {
    /** Blocked in every run. */
    public static final List<String> ALWAYS = List.of("169.254.0.0/16", "fe80::/10", "fc00::/7", "100.100.100.200/32");

    private final List<Cidr> networks;

    private BlockedNetworks(List<Cidr> networks) {
        this.networks = networks;
    }

    /** {@link #ALWAYS} and {@code extra} (CIDR texts; a bad one throws IllegalArgumentException naming it). */
    public static BlockedNetworks of(List<String> extra) {
        List<Cidr> all = new ArrayList<>();
        for (String s : ALWAYS) {
            all.add(Cidr.parse(s));
        }
        for (String s : extra) {
            all.add(Cidr.parse(s));
        }
        return new BlockedNetworks(List.copyOf(all));
    }

    /** The network {@code address} is in, or null if none blocks it. */
    public Cidr blocking(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Cidr c : networks) {
            if (c.contains(bytes)) {
                return c;
            }
        }
        return null;
    }
}
