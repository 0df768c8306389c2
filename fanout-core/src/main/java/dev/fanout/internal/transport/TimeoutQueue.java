package dev.fanout.internal.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one kind (say, every attempt's total limit) on one event loop. All deadlines of a kind
 * have the same length, so they expire in the order they were set: a list sorted by deadline, appended at
 * the tail in O(1), with a single timer armed for the oldest, replaces one scheduled task per request (whose
 * priority-queue upkeep was the largest single cost at 1,000 requests in flight).
 *
 * <p>The read-silence limit is kept lazily: a deadline that comes due is checked against the exchange's last
 * read and, if bytes arrived since, put back at last-read + limit (inserted from the tail, where it belongs).
 *
 * <p>Confined to its event loop's thread.
 */
final class TimeoutQueue {
    private final EventLoop loop;
    private final long lengthNanos;
    private Deadline head;
    private Deadline tail;
    private ScheduledFuture<?> timer;
    private long timerAtNanos;

    TimeoutQueue(EventLoop loop, long lengthNanos) {
        this.loop = loop;
        this.lengthNanos = lengthNanos;
    }

    long lengthNanos() {
        return lengthNanos;
    }

    /** Sets the deadline to {@code lengthNanos} after {@code fromNanos}, replacing any earlier setting. */
    void add(Deadline d, long fromNanos) {
        remove(d);
        d.atNanos = fromNanos + lengthNanos;
        Deadline after = tail;
        while (after != null && after.atNanos - d.atNanos > 0) {
            after = after.prev;
        }
        d.prev = after;
        d.next = after == null ? head : after.next;
        if (after == null) {
            head = d;
        } else {
            after.next = d;
        }
        if (d.next == null) {
            tail = d;
        } else {
            d.next.prev = d;
        }
        d.queued = true;
        if (timer == null) {
            arm(d.atNanos);
        } else if (d.atNanos - timerAtNanos < 0) {
            timer.cancel(false);
            arm(d.atNanos);
        }
    }

    void remove(Deadline d) {
        if (!d.queued) {
            return;
        }
        d.queued = false;
        Deadline prev = d.prev;
        Deadline next = d.next;
        if (prev == null) {
            head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prev = prev;
        }
        d.prev = null;
        d.next = null;
        // the timer stays armed: when it fires it just re-arms for the new oldest deadline
    }

    private void arm(long atNanos) {
        timerAtNanos = atNanos;
        timer = loop.schedule(this::expire, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        long now = System.nanoTime();
        while (head != null && head.atNanos - now <= 0) {
            Deadline d = head;
            remove(d);
            d.owner.onDeadline(d, now);
        }
        if (head != null && timer == null) {
            arm(head.atNanos);
        }
    }
}
