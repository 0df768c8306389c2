package dev.fanout.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;

/** The {@code fanout} launcher's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Netty's default pooled/adaptive allocator costs ~70 ms of start-up to initialise and measured no faster
        // on W1 (100,000 small responses); a command-line run is short-lived, so plain allocation wins.
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "unpooled");
        }
        // Each of these looks for a class that is not on the class path, and the class loader opens every one of
        // the ~30 jars to be sure (~20 ms of start-up); the answer is known here. picocli's is Groovy's Closure;
        // Netty's is a logging library (SLF4J, Log4j 2, Log4j); without one it would set up java.util.logging,
        // which is costly too (NettyLog says why).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        InternalLoggerFactory.setDefaultFactory(new NettyLog(System.err));
        // with that allocator, a request written from the heap is copied into a direct buffer kept per event loop
        // rather than into a new one (with its Cleaner) per request: ~400 bytes and a native malloc/free less each
        if (System.getProperty("io.netty.threadLocalDirectBufferSize") == null) {
            System.setProperty("io.netty.threadLocalDirectBufferSize", "65536");
        }
        // Netty's leak detector records where one buffer in 128 was allocated, a stack trace each (~1% of an
        // HTTP/2 run's CPU); the test suite, not the user's run, is where a leak is found
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        int code = FanoutCommand.execute(Io.system(), args);
        System.out.flush();
        System.exit(code);
    }
}
