package dev.fanout.cli;

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
        // with that allocator, a request written from the heap is copied into a direct buffer kept per event loop
        // rather than into a new one (with its Cleaner) per request: ~400 bytes and a native malloc/free less each
        if (System.getProperty("io.netty.threadLocalDirectBufferSize") == null) {
            System.setProperty("io.netty.threadLocalDirectBufferSize", "65536");
        }
        int code = FanoutCommand.execute(Io.system(), args);
        System.out.flush();
        System.exit(code);
    }
}
