package dev.fanout.internal.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The attempt deadlines of one event loop. Every attempt of a client has the same timeout, so deadlines
 * expire in the order the attempts started: a FIFO list (intrusive, O(1) to add and remove) with a single timer
 * armed for the oldest deadline replaces one scheduled task per request, whose priority-queue upkeep was the
 * largest single cost at 1,000 requests in flight.
 *
 * <p>Confined to its event loop's thread.
 */
final class TimeoutQueue {
    private final EventLoop loop;
    private final long timeoutNanos;
    private Exchange head;
    private Exchange tail;
    private ScheduledFuture<?> timer;

    TimeoutQueue(EventLoop loop, long timeoutNanos) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts the exchange's clock: it times out {@code timeoutNanos} from now unless removed first. */
    void add(Exchange ex, long nowNanos) {
        ex.deadlineNanos = nowNanos + timeoutNanos;
        ex.timeoutPrev = tail;
        ex.timeoutNext = null;
        if (tail == null) {
            head = ex;
        } else {
            tail.timeoutNext = ex;
        }
        tail = ex;
        ex.inTimeoutQueue = true;
        if (timer == null) {
            arm(ex.deadlineNanos - nowNanos);
        }
    }

    void remove(Exchange ex) {
        if (!ex.inTimeoutQueue) {
            return;
        }
        ex.inTimeoutQueue = false;
        Exchange prev = ex.timeoutPrev;
        Exchange next = ex.timeoutNext;
        if (prev == null) {
            head = next;
        } else {
            prev.timeoutNext = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.timeoutPrev = prev;
        }
        ex.timeoutPrev = null;
        ex.timeoutNext = null;
        // the timer stays armed: when it fires it just re-arms for the new oldest deadline
    }

    private void arm(long delayNanos) {
        timer = loop.schedule(this::expire, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        long now = System.nanoTime();
        while (head != null && head.deadlineNanos - now <= 0) {
            Exchange ex = head;
            remove(ex);
            ex.onTimeout();
        }
        if (head != null) {
            arm(head.deadlineNanos - now);
        }
    }
}
