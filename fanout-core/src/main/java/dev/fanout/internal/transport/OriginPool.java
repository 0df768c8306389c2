package dev.fanout.internal.transport;

import io.netty.channel.Channel;

import java.net.InetAddress;
import java.util.ArrayDeque;

/**
 * Idle keep-alive connections to one origin, reused most-recently-used first (warm connections are least
 * likely to have been closed by the server), and the origin's last resolved address.
 *
 * <p>Thread-safe. The number of connections is bounded by the dispatcher's per-host limit, since each
 * HTTP/1.1 exchange holds its connection exclusively.
 */
final class OriginPool {
    private static final long ADDRESS_TTL_NANOS = 30_000_000_000L;

    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private volatile InetAddress address;
    private volatile long resolvedAt;

    /** An open idle connection, or null. */
    Channel pollIdle() {
        synchronized (idle) {
            Channel ch;
            while ((ch = idle.pollLast()) != null) {
                if (ch.isActive()) {
                    return ch;
                }
            }
            return null;
        }
    }

    void release(Channel ch) {
        synchronized (idle) {
            idle.addLast(ch);
        }
    }

    /** Forgets a connection that has closed while idle. */
    void remove(Channel ch) {
        synchronized (idle) {
            idle.remove(ch);
        }
    }

    int idleCount() {
        synchronized (idle) {
            return idle.size();
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
