package dev.fanout.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.Locale;

/**
 * Decodes gzip, deflate and br bodies, never inflating one read past {@code maxAllocation} bytes (a compression
 * bomb then fails as too large instead of taking memory). Unlike Netty's decompressor it answers a response
 * without Content-Encoding at once: Netty asks whether brotli is available first, and that check loads the
 * native brotli library — tens of milliseconds on the first response of every run. And a response without
 * Content-Encoding (nearly all of them) is passed on part by part as it came, past the decompressor's machinery.
 * One per connection or stream, on its event loop.
 */
final class ContentDecoder extends HttpContentDecompressor {
    /**
     * What a client may ask for: br only when brotli4j and its native library for this platform are on the path
     * (both are optional: fanout-cli brings them, a library user adds them). Checked without loading either: Netty
     * loads the library on the first br response.
     */
    static final String ACCEPT_ENCODING = brotliPresent() ? "gzip, deflate, br" : "gzip, deflate";

    /** The response now arriving has no content coding: its parts go straight on, to its last. */
    private boolean passing;
    /** The last part of this read went straight on, so the decompressor was not asked about it. */
    private boolean lastPassed;

    ContentDecoder(int maxAllocation) {
        super(false, maxAllocation);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!passing && msg instanceof HttpResponse r && !(msg instanceof HttpContent) && r.decoderResult().isSuccess()
                && !r.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
            // between responses the decompressor holds nothing, so a response it never sees leaves it as it was
            passing = true;
        }
        lastPassed = passing;
        if (!passing) {
            super.channelRead(ctx, msg);
            return;
        }
        if (msg instanceof LastHttpContent) {
            passing = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!lastPassed) {
            super.channelReadComplete(ctx);
            return;
        }
        // the decompressor asks for another read (when reading is paused) only after a read that gave the next
        // handler nothing; this one gave it a part
        lastPassed = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    protected EmbeddedChannel newContentDecoder(String contentEncoding) throws Exception {
        if (contentEncoding.equalsIgnoreCase("identity")) {
            return null;
        }
        return super.newContentDecoder(contentEncoding);
    }

    /**
     * Whether brotli4j and its native jar for this platform are here. Classes, not resources, are looked up
     * (loaded, not initialised: no native code is loaded on a client's start): a resource is searched for in
     * every jar of the class path, opening each (~15 ms of a short run), while the start-up cache answers for a
     * class it holds.
     */
    private static boolean brotliPresent() {
        String platform = brotliPlatform();
        return platform != null && present("com.aayushatharva.brotli4j.Brotli4jLoader")
                && present("com.aayushatharva.brotli4j." + platform.replace("osx", "macos").replace('-', '.') + ".NativeLoader");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ContentDecoder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The platform as brotli4j's native jars name it ({@code Brotli4jLoader}'s names), or null. */
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
