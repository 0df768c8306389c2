package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.net.IDN;
import java.util.Locale;

/**
 * Host names in the forms fanout compares and sends them.
 *
 * <p>{@link #canonical}: one spelling per host, so that two ways of writing it compare equal: lower case, an IPv6
 * literal without its URL brackets and in its shortest form ({@code [0:0:0:0:0:0:0:1]}, {@code [::1]} and
 * {@code ::1} are all {@code ::1}). Host names are not resolved.
 *
 * <p>{@link #toAscii}: international host names as curl and browsers send them: {@code bücher.example} is looked
 * up, connected to and named in {@code Host}, SNI, CONNECT and SOCKS as {@code xn--bcher-kva.example} (IDNA, by
 * {@link java.net.IDN}: IDNA 2003 mapping, so {@code ß} becomes {@code ss} where UTS-46 non-transitional
 * processing would keep it). URLs in records stay as they were given. Used by {@link Url}, the one place hosts are read from URLs.
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

    /** Whether {@code host} has a character outside ASCII (only such names are converted). */
    public static boolean international(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ASCII (punycode) form of a host name, lower case; an ASCII name as it is. Throws
     * IllegalArgumentException when the name cannot be converted (a label too long, a forbidden character).
     */
    public static String toAscii(String host) {
        if (!international(host)) {
            return host;
        }
        return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
