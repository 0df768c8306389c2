package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.util.Locale;

/**
 * One spelling per host, so that two ways of writing it compare equal: lower case, an IPv6 literal without its
 * URL brackets and in its shortest form ({@code [0:0:0:0:0:0:0:1]}, {@code [::1]} and {@code ::1} are all
 * {@code ::1}). Host names are not resolved.
 */
public final class HostNames {
    private HostNames() {
    }

    /** {@code host} (as in a URL, or as a connection target) in its one comparable form; null stays null. */
    public static String canonical(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 1 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0 && NetUtil.isValidIpV6Address(h)) {
            byte[] raw = NetUtil.createByteArrayFromIpAddressString(h);
            if (raw != null) {
                return NetUtil.bytesToIpAddress(raw);
            }
        }
        return h;
    }

    /** Whether {@code a} and {@code b} are one host in two spellings. */
    public static boolean same(String a, String b) {
        return a != null && b != null && canonical(a).equals(canonical(b));
    }
}
