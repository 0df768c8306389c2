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
    /** What a client may ask for: br only where brotli4j bundles a native library. */
    static final String ACCEPT_ENCODING = brotliBundled() ? "gzip, deflate, br" : "gzip, deflate";

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

    /** The platforms whose brotli4j natives the build ships (see fanout-core's pom). */
    private static boolean brotliBundled() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean knownArch = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
        return knownArch && (os.startsWith("linux") || os.startsWith("mac"));
    }
}
