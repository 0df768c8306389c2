package dev.fanout.internal.transport;

import io.netty.channel.Channel;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Idle keep-alive connections to one origin, reused most-recently-used first (warm connections are least
 * likely to have been closed by the server), and the origin's last resolved address.
 *
 * <p>Thread-safe. The number of connections in use is bounded by the dispatcher's per-host limit, since each
 * HTTP/1.1 exchange holds its connection exclusively; idle ones are bounded by {@link IdleConnections}.
 * A pool that has been idle and empty for a while is retired: it takes no connection any more, and the
 * transport makes a fresh pool for the origin when it is needed again.
 */
final class OriginPool {
    private static final long ADDRESS_TTL_NANOS = 30_000_000_000L;

    private record Idle(Channel channel, long sinceNanos) {
    }

    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    private long lastUsedNanos = System.nanoTime();
    private boolean retired;
    private volatile InetAddress address;
    private volatile long resolvedAt;

    /** An open idle connection, or null. {@code taken} is told of every idle connection leaving the pool. */
    Channel pollIdle(Runnable taken) {
        synchronized (idle) {
            lastUsedNanos = System.nanoTime();
            Idle i;
            while ((i = idle.pollLast()) != null) {
                taken.run();
                if (i.channel().isActive()) {
                    return i.channel();
                }
            }
            return null;
        }
    }

    /** Keeps a connection for reuse; false if the pool is retired (the caller closes it then). */
    boolean release(Channel ch, long nowNanos) {
        synchronized (idle) {
            if (retired) {
                return false;
            }
            lastUsedNanos = nowNanos;
            idle.addLast(new Idle(ch, nowNanos));
            return true;
        }
    }

    /** Forgets a connection that has closed while idle; true if it was here. */
    boolean remove(Channel ch) {
        synchronized (idle) {
            return idle.removeIf(i -> i.channel() == ch);
        }
    }

    /**
     * Hands connections idle since before {@code idleBefore} to {@code expired}; retires the pool when it is
     * then empty and unused since that moment. Returns whether it retired.
     */
    boolean sweep(long idleBefore, Consumer<Channel> expired) {
        synchronized (idle) {
            for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
                Idle i = it.next();
                if (i.sinceNanos() - idleBefore < 0) {
                    it.remove();
                    expired.accept(i.channel());
                }
            }
            if (idle.isEmpty() && lastUsedNanos - idleBefore < 0) {
                retired = true;
            }
            return retired;
        }
    }

    /** The cached address, or null when none is cached or it is older than its TTL. */
    InetAddress cachedAddress(long nowNanos) {
        InetAddress a = address;
        return a != null && nowNanos - resolvedAt < ADDRESS_TTL_NANOS ? a : null;
    }

    void cacheAddress(InetAddress a, long nowNanos) {
        resolvedAt = nowNanos;
        address = a;
    }
}
