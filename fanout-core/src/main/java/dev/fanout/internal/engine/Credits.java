package dev.fanout.internal.engine;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counting semaphore whose waiter is woken only once a batch of credits is free again, so that a producer
 * thread blocked on a full window costs one wake-up per batch rather than one per request. On a single core
 * that difference is a context switch per request.
 *
 * <p>One thread acquires (the feeder); any thread releases.
 */
final class Credits {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition enough = lock.newCondition();
    private final int wakeAt;
    private int free;
    private boolean waiting;

    /**
     * @param capacity credits available at start
     * @param wakeAt   how many must be free before a blocked acquirer is woken; at most {@code capacity}
     */
    Credits(int capacity, int wakeAt) {
        if (wakeAt < 1 || wakeAt > capacity) {
            throw new IllegalArgumentException("wakeAt must be in 1.." + capacity + ", got " + wakeAt);
        }
        this.free = capacity;
        this.wakeAt = wakeAt;
    }

    /** Takes one credit, blocking while none is free (and then until a batch is). */
    void acquire() throws InterruptedException {
        lock.lock();
        try {
            if (free == 0) {
                waiting = true;
                try {
                    while (free < wakeAt) {
                        enough.await();
                    }
                } finally {
                    waiting = false;
                }
            }
            free--;
        } finally {
            lock.unlock();
        }
    }

    void release(int n) {
        if (n <= 0) {
            return;
        }
        lock.lock();
        try {
            free += n;
            if (waiting && free >= wakeAt) {
                enough.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
