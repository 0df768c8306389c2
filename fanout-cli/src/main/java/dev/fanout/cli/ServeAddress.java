package dev.fanout.cli;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What {@code fanout serve} makes of its {@code --host}, and how it explains a port it cannot listen on. */
final class ServeAddress {
    private ServeAddress() {
    }

    /** {@code [::1]} as written in a URL is the address {@code ::1}. */
    static String unbracket(String host) {
        String h = host.strip();
        return h.length() > 2 && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** Null when {@code address} names an address of this machine, else what is wrong with it. */
    static String check(String address) {
        if (address.isEmpty()) {
            return "no address given; 127.0.0.1 (the default) or ::1 serve on loopback";
        }
        try {
            InetAddress.getByName(address);
            return null;
        } catch (UnknownHostException e) {
            return "not an address or a known host name; 127.0.0.1 (the default) or ::1 serve on loopback";
        }
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** One line saying why the server could not listen, and what to do. */
    static String bindFailure(String host, int port, Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof BindException && m.contains("in use") || m.contains("error(-98)") || m.contains("address already in use")) {
            return "port " + port + " on " + host + " is already in use (another server?): stop it, or pick another "
                    + "port with --port (--port 0 picks a free one)";
        }
        if (m.contains("error(-13)") || m.contains("permission denied")) {
            return "no permission to listen on port " + port + " (ports below 1024 need root): pick another with --port";
        }
        if (m.contains("error(-99)") || m.contains("cannot assign requested address")) {
            return "--host " + host + " is not an address of this machine: use 127.0.0.1 (the default) or ::1";
        }
        return "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")";
    }
}
