package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the keep-alive connections that sit idle across all origins: at most {@code max} at once (a
 * connection released beyond that is closed at once), and none idle longer than {@code timeoutNanos}. Without
 * this, a run over URLs of many distinct hosts would keep one open connection per host until each server
 * closed it, and run out of file descriptors.
 *
 * <p>Thread-safe; the sweep runs every few seconds on one event loop.
 */
final class IdleConnections {
    private static final long SWEEP_EVERY_MS = 5_000;

    private final int max;
    private final long timeoutNanos;
    private final AtomicInteger idle = new AtomicInteger();
    private final Runnable tookOne = idle::decrementAndGet;
    private final Map<String, OriginPool> pools;
    private final ScheduledFuture<?> sweeper;

    IdleConnections(int max, long timeoutNanos, Map<String, OriginPool> pools, EventLoopGroup group) {
        this.max = max;
        this.timeoutNanos = timeoutNanos;
        this.pools = pools;
        this.sweeper = group.next().scheduleWithFixedDelay(() -> sweep(System.nanoTime()), SWEEP_EVERY_MS, SWEEP_EVERY_MS,
                TimeUnit.MILLISECONDS);
    }

    /** An idle connection of {@code pool}, or null; accounts for what leaves the pool. */
    Channel take(OriginPool pool) {
        return pool.pollIdle(tookOne);
    }

    /** Puts a connection whose exchange is done back in its pool, or closes it if there is no room. */
    void release(OriginPool pool, Channel ch) {
        if (idle.incrementAndGet() > max || !pool.release(ch, System.nanoTime())) {
            idle.decrementAndGet();
            ch.close();
        }
    }

    /** Accounts for an idle connection the server closed. */
    void closedWhileIdle(OriginPool pool, Channel ch) {
        if (pool.remove(ch)) {
            idle.decrementAndGet();
        }
    }

    int idleCount() {
        return idle.get();
    }

    /** Closes connections idle for longer than the timeout at {@code nowNanos} and retires empty pools. */
    void sweep(long nowNanos) {
        long idleBefore = nowNanos - timeoutNanos;
        pools.entrySet().removeIf(e -> e.getValue().sweep(idleBefore, ch -> {
            idle.decrementAndGet();
            ch.close();
        }));
    }

    void stop() {
        sweeper.cancel(false);
    }
}
