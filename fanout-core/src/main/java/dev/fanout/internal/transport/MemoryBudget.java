package dev.fanout.internal.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes of response bodies a client holds in memory at once: from a body's first byte until the outcome
 * that carries it has been handed over (a future completed; for a stream, until its consumer asks for the
 * next outcome). An exchange reserves before it keeps bytes: a body whose length is known takes it all at once,
 * one of unknown length (chunked, compressed) as it arrives. When the budget has no room, the exchange stops
 * reading (the server's TCP or HTTP/2 window fills) and waits; nothing fails for want of memory, except a body
 * larger than the whole budget. Bodies already under way are served first, oldest first, so that room goes to
 * finishing bodies rather than to starting more of them; bodies not yet started wait their turn behind them.
 *
 * <p>Bodies of unknown length can deadlock a budget: all of it held by half-read bodies that each wait for
 * more. When that happens the youngest waiting exchange holding memory is {@linkplain Waiter#setAside set
 * aside}: it lets go of its bytes and its request is sent again once memory frees up (or, when it may not be
 * sent twice, it ends as too large for the budget beside the others).
 *
 * <p>Thread-safe; grants and set-asides are called outside the lock, on the caller's thread (a waiter hands
 * them to its own event loop).
 */
public final class MemoryBudget {
    /** The default budget: a quarter of the heap, leaving the rest for parsing, records and buffers. */
    public static long defaultBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** An exchange waiting for room. */
    public interface Waiter {
        /** What it asked for was reserved; it may go on. */
        void granted();

        /** The budget is stuck and this waiter holds part of it: give back everything and start again later. */
        void setAside();

        /** Bytes it holds while it waits (0 for a body not yet started). */
        long held();
    }

    /** A waiter and what it asked for; {@code age} orders bodies under way (the lower, the older). */
    private record Wait(Waiter waiter, long bytes, long age) {
    }

    private final long capacity;
    /** Bodies under way (holding memory) waiting for more, oldest first. */
    private final List<Wait> growing = new ArrayList<>();
    /** Bodies not started yet, first come first served. */
    private final ArrayDeque<Wait> starting = new ArrayDeque<>();
    private long nextAge;
    /** Requests set aside, to be sent again once no body under way waits for room. */
    private final List<Runnable> parked = new ArrayList<>();
    private long reserved;
    private long peak;
    /** Bytes held by the waiters: what no running exchange will give back. */
    private long heldByWaiters;
    private long waits;
    private long setAside;

    public MemoryBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public long capacity() {
        return capacity;
    }

    /** Reserves {@code bytes} now if there is room and nobody waits before; false otherwise (nothing taken). */
    public synchronized boolean tryReserve(long bytes) {
        if (anyWaiting() || reserved + bytes > capacity) {
            return false;
        }
        take(bytes);
        return true;
    }

    /**
     * Reserves {@code bytes} when there is room: now (true), or later by {@link Waiter#granted()} (false). Needs
     * {@code bytes + waiter.held() <= capacity}.
     */
    public boolean reserveOrWait(long bytes, long age, Waiter waiter) {
        Waiter aside;
        synchronized (this) {
            boolean underWay = waiter.held() > 0;
            // a body under way may go before bodies that have not started; nobody goes before an older one
            boolean mayGo = underWay ? growing.isEmpty() || growing.get(0).age > age : !anyWaiting();
            if (mayGo && reserved + bytes <= capacity) {
                take(bytes);
                return true;
            }
            Wait w = new Wait(waiter, bytes, age);
            if (underWay) {
                int at = 0;
                while (at < growing.size() && growing.get(at).age < age) {
                    at++;
                }
                growing.add(at, w);
            } else {
                starting.add(w);
            }
            waits++;
            heldByWaiters += waiter.held();
            aside = stuck();
        }
        if (aside != null) {
            aside.setAside();
        }
        return false;
    }

    /** Forgets a waiter that ended while waiting (a timeout, the client closed); true if it was still waiting. */
    public boolean cancel(Waiter waiter) {
        List<Waiter> granted;
        List<Runnable> resumed;
        synchronized (this) {
            if (!remove(waiter)) {
                return false;
            }
            granted = grant(); // it may have blocked the ones behind it
            resumed = unparked();
        }
        granted.forEach(Waiter::granted);
        resumed.forEach(Runnable::run);
        return true;
    }

    /**
     * Runs {@code restart} (a set-aside request going back to be sent) once no body under way waits for room, so
     * that it does not compete with the bodies it gave way to; at once if none waits.
     */
    public void whenUnblocked(Runnable restart) {
        synchronized (this) {
            if (!growing.isEmpty()) {
                parked.add(restart);
                return;
            }
        }
        restart.run();
    }

    private List<Runnable> unparked() {
        if (parked.isEmpty() || !growing.isEmpty()) {
            return List.of();
        }
        List<Runnable> out = new ArrayList<>(parked);
        parked.clear();
        return out;
    }

    /** Gives back {@code bytes}; waiters that now fit are granted, in order. */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        List<Waiter> granted;
        Waiter aside;
        List<Runnable> resumed;
        synchronized (this) {
            reserved -= bytes;
            if (reserved < 0) {
                throw new IllegalStateException("released more memory than was reserved");
            }
            granted = grant();
            aside = granted.isEmpty() ? stuck() : null;
            resumed = unparked();
        }
        granted.forEach(Waiter::granted);
        if (aside != null) {
            aside.setAside();
        }
        resumed.forEach(Runnable::run);
    }

    /** An age for a body starting now: bodies under way are served oldest first. */
    public synchronized long nextAge() {
        return nextAge++;
    }

    /** Bytes reserved now. */
    public synchronized long reserved() {
        return reserved;
    }

    /** The most ever reserved at once. */
    public synchronized long peak() {
        return peak;
    }

    /** A snapshot: budget, reserved now, peak, how often a body waited and how many were set aside. */
    public synchronized dev.fanout.ClientStats.Memory snapshot() {
        return new dev.fanout.ClientStats.Memory(capacity, reserved, peak, waits, setAside);
    }

    private void take(long bytes) {
        reserved += bytes;
        peak = Math.max(peak, reserved);
    }

    private boolean anyWaiting() {
        return !growing.isEmpty() || !starting.isEmpty();
    }

    /** The waiter to serve next: the oldest body under way, else the first not started. */
    private Wait head() {
        return !growing.isEmpty() ? growing.get(0) : starting.peek();
    }

    /**
     * Serves waiters that fit: one body under way at a time (the oldest; the next when it finishes or memory is
     * given back), so that room goes to finishing one body rather than a little to each; then bodies not started.
     */
    private List<Waiter> grant() {
        List<Waiter> granted = new ArrayList<>();
        Wait head;
        while ((head = head()) != null && reserved + head.bytes <= capacity) {
            boolean underWay = !growing.isEmpty();
            if (underWay) {
                growing.remove(0);
            } else {
                starting.poll();
            }
            heldByWaiters -= head.waiter.held();
            take(head.bytes);
            granted.add(head.waiter);
            if (underWay) {
                break;
            }
        }
        return granted;
    }

    /** A body is complete (it asks for nothing more): the next body under way may be served. */
    public void finished() {
        List<Waiter> granted;
        List<Runnable> resumed;
        synchronized (this) {
            if (!anyWaiting()) {
                return;
            }
            granted = grant();
            resumed = unparked();
        }
        granted.forEach(Waiter::granted);
        resumed.forEach(Runnable::run);
    }

    /**
     * The waiter to set aside when nothing can move: the head does not fit and every reserved byte is held by
     * waiters, so no release will come. The youngest waiter holding memory gives way; null when not stuck.
     */
    private Waiter stuck() {
        Wait head = head();
        if (head == null || reserved + head.bytes <= capacity || reserved > heldByWaiters || growing.size() < 2) {
            return null;
        }
        Wait youngest = growing.remove(growing.size() - 1); // never the oldest: it is the one to finish
        setAside++;
        heldByWaiters -= youngest.waiter.held();
        return youngest.waiter;
    }

    private boolean remove(Waiter waiter) {
        for (Iterator<Wait> it = growing.iterator(); it.hasNext(); ) {
            if (unlinked(it, waiter)) {
                return true;
            }
        }
        for (Iterator<Wait> it = starting.iterator(); it.hasNext(); ) {
            if (unlinked(it, waiter)) {
                return true;
            }
        }
        return false;
    }

    private boolean unlinked(Iterator<Wait> it, Waiter waiter) {
        Wait w = it.next();
        if (w.waiter != waiter) {
            return false;
        }
        it.remove();
        heldByWaiters -= waiter.held();
        return true;
    }
}
