/**
 * fanout's client: many HTTP requests at once within global and per-host limits, one outcome for each
 * ({@link dev.fanout.client.Fanout}); retry and rate policies; extraction from bodies (JSONPath, JSON Pointer, CSS,
 * regex); crawls. Only these packages are API: {@code dev.fanout.internal.*} changes in any release.
 *
 * <p>CSS expressions need jsoup ({@code org.jsoup}), and {@code br} bodies brotli4j with a native library for the
 * platform: neither is a required dependency. On the module path, add them to the module graph (a {@code requires}
 * in your module, or {@code --add-modules}) to use them.
 */
@SuppressWarnings("module") // the qualified export names a module built after this one
module dev.fanout.core {
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.handler.proxy;
    requires io.netty.resolver;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires transitive com.fasterxml.jackson.core; // Values.write takes a JsonGenerator
    requires static org.jsoup;

    exports dev.fanout;
    exports dev.fanout.crawl;
    exports dev.fanout.extract;
    exports dev.fanout.client;

    // percent-encoding (URL templates) and the system's words for a failed file operation, shared with the batch module
    exports dev.fanout.internal to dev.fanout.batch;
}
