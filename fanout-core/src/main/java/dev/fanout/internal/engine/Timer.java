package dev.fanout.internal.engine;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs short tasks after a delay: retries after their backoff, and admission of requests that waited for a
 * rate-limit token or a host's {@code Retry-After}. One daemon thread, started on first use; tasks only hand
 * work back to the dispatcher, they never block. Closing drops pending tasks (the engine cancels their calls).
 */
final class Timer implements Scheduler, AutoCloseable {
    private ScheduledThreadPoolExecutor executor;
    private boolean closed;

    /** Runs {@code task} after {@code delayNanos}; returns false when the timer is closed. */
    @Override
    public boolean schedule(Runnable task, long delayNanos) {
        ScheduledThreadPoolExecutor ex;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("fanout-timer", true));
                executor.setRemoveOnCancelPolicy(true);
            }
            ex = executor;
        }
        try {
            ex.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // closed meanwhile
        }
    }

    /** Drops pending tasks and waits (briefly) for the thread to end. */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor ex;
        synchronized (this) {
            closed = true;
            ex = executor;
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
