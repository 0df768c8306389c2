package dev.fanout.internal.net;

import java.net.IDN;
import java.util.Locale;

/**
 * International host names as curl and browsers send them: {@code bücher.example} is looked up, connected to
 * and named in {@code Host}, SNI, CONNECT and SOCKS as {@code xn--bcher-kva.example} (IDNA, by
 * {@link java.net.IDN}: IDNA 2003 mapping, so {@code ß} becomes {@code ss} where UTS-46 non-transitional
 * processing would keep it). URLs in records stay as they were given.
 */
public final class HostNames {
    private HostNames() {
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

    /** {@link #toAscii}, or {@code host} itself when it cannot be converted (the URL's parser reports that). */
    public static String toAsciiOrSame(String host) {
        try {
            return toAscii(host);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }
}
