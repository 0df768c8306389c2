package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts reached without a proxy, as curl reads {@code NO_PROXY}: {@code *} (every host), a name (that host
 * and its subdomains: {@code example.com} covers {@code api.example.com}), {@code .example.com} (the same),
 * an IP address or a CIDR network (compared with IP-literal hosts only: names are not resolved to decide).
 * Names are compared without case; a {@code :port} after an entry is ignored, as curl does. Immutable.
 */
public final class NoProxy {
    private static final NoProxy NONE = new NoProxy(false, List.of(), List.of());

    private final boolean all;
    private final List<String> suffixes;
    private final List<Cidr> networks;

    private NoProxy(boolean all, List<String> suffixes, List<Cidr> networks) {
        this.all = all;
        this.suffixes = suffixes;
        this.networks = networks;
    }

    /** Splits a comma- (or space-) separated list as the environment variable holds it. */
    public static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String e : list.split("[,\\s]+")) {
            if (!e.isBlank()) {
                out.add(e.strip());
            }
        }
        return out;
    }

    /** The rules of these entries; throws IllegalArgumentException naming an entry that is not a host or network. */
    public static NoProxy of(List<String> entries) {
        if (entries.isEmpty()) {
            return NONE;
        }
        boolean all = false;
        List<String> suffixes = new ArrayList<>();
        List<Cidr> networks = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            if (e.equals("*")) {
                all = true;
            } else if (e.indexOf('/') >= 0 || isIp(unbracket(e))) {
                networks.add(Cidr.parse(unbracket(e)));
            } else {
                String name = withoutPort(e);
                while (name.startsWith(".")) {
                    name = name.substring(1);
                }
                while (name.endsWith(".")) {
                    name = name.substring(0, name.length() - 1);
                }
                if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
                    throw new IllegalArgumentException("no-proxy entry '" + raw + "' is not a host name, domain, IP or network");
                }
                suffixes.add(name);
            }
        }
        return new NoProxy(all, List.copyOf(suffixes), List.copyOf(networks));
    }

    /** Whether requests to {@code host} (lower case; an IP literal without brackets) go direct. */
    public boolean matches(String host) {
        if (all) {
            return true;
        }
        if (!networks.isEmpty() && isIp(host)) {
            InetAddress a = literal(host);
            for (Cidr n : networks) {
                if (a != null && n.contains(a)) {
                    return true;
                }
            }
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String s : suffixes) {
            if (h.equals(s) || (h.endsWith(s) && h.charAt(h.length() - s.length() - 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static String unbracket(String e) {
        String s = e;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close < 0 ? s : s.substring(1, close) + s.substring(close + 1).replaceFirst("^:\\d+", "");
        }
        return s;
    }

    private static String withoutPort(String e) {
        int colon = e.lastIndexOf(':');
        return colon > 0 && e.indexOf(':') == colon && e.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? e.substring(0, colon) : e;
    }

    private static boolean isIp(String s) {
        int slash = s.indexOf('/');
        String a = slash < 0 ? s : s.substring(0, slash);
        return NetUtil.isValidIpV4Address(a) || NetUtil.isValidIpV6Address(a);
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(host));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
