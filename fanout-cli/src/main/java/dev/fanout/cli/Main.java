package dev.fanout.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;

/** The {@code fanout} launcher's entry point. */
public final class Main {
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";
    private static final String EPOLL_SELECTOR = "sun.nio.ch.EPollSelectorProvider";

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
        // The JDK picks its selector by looking for a provider on the class path first, which opens every jar
        // (~15 ms of a 0.2 s run); on Linux the one it would pick in the end is named here, so it looks no further.
        if (System.getProperty(SELECTOR_PROVIDER) == null && System.getProperty("os.name", "").startsWith("Linux")
                && present(EPOLL_SELECTOR)) {
            System.setProperty(SELECTOR_PROVIDER, EPOLL_SELECTOR);
        }
        int code = FanoutCommand.execute(Io.system().endingProcess(), args);
        System.out.flush();
        exit(code);
    }

    /**
     * Ends the process with {@code code}. {@code System.exit} first logs the exit through the JDK's system
     * logger, which sets up java.util.logging and opens every jar looking for a logging provider (~25 ms of a
     * 0.2 s run), then runs the shutdown hooks. Halting is the same end without that logging when nothing is left
     * for the hooks to do: none of ours is waiting ({@link ExitHooks}), and the launcher vouches, with
     * {@code -Dfanout.exit=halt}, that the libraries load their native code from its directory and so leave no
     * temporary file for the JVM to delete at exit.
     */
    private static void exit(int code) {
        if (ExitHooks.none() && "halt".equals(System.getProperty("fanout.exit"))) {
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Whether the JDK has class {@code name} (a look in its own modules: the class path is not searched). */
    private static boolean present(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
