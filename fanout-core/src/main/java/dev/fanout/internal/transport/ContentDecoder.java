package dev.fanout.internal.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;

import java.util.Locale;

/**
 * Decodes gzip, deflate and br bodies, never inflating one read past {@code maxAllocation} bytes (a compression
 * bomb then fails as too large instead of taking memory). Unlike Netty's decompressor it answers a response
 * without Content-Encoding at once: Netty asks whether brotli is available first, and that check loads the
 * native brotli library — tens of milliseconds on the first response of every run.
 */
final class ContentDecoder extends HttpContentDecompressor {
    /**
     * What a client may ask for: br only when brotli4j and its native library for this platform are on the path
     * (both are optional: fanout-cli brings them, a library user adds them). Checked without loading either: Netty
     * loads the library on the first br response.
     */
    static final String ACCEPT_ENCODING = brotliPresent() ? "gzip, deflate, br" : "gzip, deflate";

    ContentDecoder(int maxAllocation) {
        super(false, maxAllocation);
    }

    @Override
    protected EmbeddedChannel newContentDecoder(String contentEncoding) throws Exception {
        if (contentEncoding.equalsIgnoreCase("identity")) {
            return null;
        }
        return super.newContentDecoder(contentEncoding);
    }

    /** Resources, not classes, are looked up: nothing of brotli4j is loaded on a client's start. */
    private static boolean brotliPresent() {
        ClassLoader loader = ContentDecoder.class.getClassLoader();
        String platform = brotliPlatform();
        return platform != null
                && loader.getResource("com/aayushatharva/brotli4j/Brotli4jLoader.class") != null
                && loader.getResource("lib/" + platform + "/" + System.mapLibraryName("brotli")) != null;
    }

    /** Where brotli4j's native jar for this platform keeps its library ({@code Brotli4jLoader}'s names), or null. */
    private static String brotliPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        if (cpu == null) {
            return null;
        }
        if (os.startsWith("linux")) {
            return "linux-" + cpu;
        }
        if (os.startsWith("mac")) {
            return "osx-" + cpu;
        }
        return os.startsWith("windows") ? "windows-" + cpu : null;
    }
}
