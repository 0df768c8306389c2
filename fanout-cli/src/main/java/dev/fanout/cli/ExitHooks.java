package dev.fanout.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command line's shutdown hooks, all registered here so that {@link Main} knows whether any is still
 * waiting: when none is, a run that ended normally has nothing left for the JVM's exit to do (see Main).
 * Thread-safe; a hook is counted from a successful {@link #add} until its {@link #remove}.
 */
final class ExitHooks {
    private static final Set<Thread> WAITING = ConcurrentHashMap.newKeySet();

    private ExitHooks() {
    }

    /** Registers {@code hook} to run at exit; false when the JVM is exiting already (it will not run). */
    static boolean add(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            return false;
        }
        WAITING.add(hook);
        return true;
    }

    /** Withdraws {@code hook} (null: nothing); when the JVM is exiting already it runs anyway. */
    static void remove(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            WAITING.remove(hook);
        } catch (IllegalStateException exiting) {
            // it runs as the JVM exits
        }
    }

    /** Whether no hook of ours would run at exit. */
    static boolean none() {
        return WAITING.isEmpty();
    }
}
