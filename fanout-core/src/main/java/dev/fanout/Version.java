package dev.fanout;

/** The library's version, as sent in the default User-Agent. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
