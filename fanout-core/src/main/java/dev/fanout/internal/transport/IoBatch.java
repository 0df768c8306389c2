package dev.fanout.internal.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Lets code running on an I/O thread defer work to the end of the event loop's current batch of I/O events.
 * Used to wake a consumer thread once per batch of outcomes instead of once per outcome: on one core each
 * wake-up is a pair of futex calls and a context switch.
 */
public final class IoBatch {
    private IoBatch() {
    }

    /**
     * Runs {@code task} after the I/O events the current event loop is processing, when called on an I/O
     * thread; otherwise runs it now. Returns whether it was deferred.
     */
    public static boolean runAfterCurrentBatch(Runnable task) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null || loop.isShuttingDown()) {
            task.run();
            return false;
        }
        loop.execute(task);
        return true;
    }
}
