package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/** A network in CIDR notation ({@code 169.254.0.0/16}, {@code fc00::/7}, or one address). Immutable. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses {@code ADDRESS[/BITS]}; a bare address is the network of that address alone. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + t + "' is not a network: use an IP address with an optional /bits, like 10.0.0.0/8 or fd00::/8");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + t + "': the prefix must be 0 to " + bits + " bits");
            }
        }
        return new Cidr(bytes, prefix, t);
    }

    /** Whether {@code address} is in this network (an IPv4-mapped IPv6 address counts as its IPv4 address). */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /**
     * {@link #contains(InetAddress)} for an address's bytes as {@link InetAddress#getAddress} gives them (a copy
     * at every call: {@link BlockedNetworks} takes it once for all its networks, at every request).
     */
    boolean contains(byte[] address) {
        // an IPv4-mapped IPv6 address is compared by its last four bytes
        int from = address.length == 16 && network.length == 4 && isIpv4Mapped(address) ? 12 : 0;
        if (address.length - from != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[from + i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[from + full] & mask) == (network[full] & mask);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return text;
    }
}
