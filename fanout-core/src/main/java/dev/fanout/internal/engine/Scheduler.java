package dev.fanout.internal.engine;

/** Runs a task after a delay. The engine's is a {@link Timer}; tests drive the dispatcher with a fake one. */
interface Scheduler {
    /** Runs {@code task} after {@code delayNanos}; returns false when no longer accepting tasks. */
    boolean schedule(Runnable task, long delayNanos);
}
