package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Idle keep-alive connections to one origin, reused most-recently-used first (warm connections are least
 * likely to have been closed by the server), the origin's shared HTTP/2 connections, and its last resolved
 * address.
 *
 * <p>An HTTPS origin may answer ALPN with h2. Until one connection to it has negotiated, further exchanges
 * wait for that one (the <em>probe</em>) instead of each opening their own: if it speaks HTTP/2 they all
 * share it, if not each connects as for HTTP/1.1. The answer is remembered for the pool's life.
 *
 * <p>Thread-safe. The number of connections in use is bounded by the dispatcher's per-host limit, since each
 * HTTP/1.1 exchange holds its connection exclusively; idle ones are bounded by {@link IdleConnections}.
 * A pool that has been idle and empty for a while is retired: it takes no connection any more, and the
 * transport makes a fresh pool for the origin when it is needed again.
 */
final class OriginPool {
    private static final long ADDRESS_TTL_NANOS = 30_000_000_000L;

    /** What a connection attempt to an origin that may speak HTTP/2 does. */
    record Http2Plan(Future<Channel> ready, boolean probe) {
        /** Connect as for HTTP/1.1. */
        static final Http2Plan CONNECT = new Http2Plan(null, false);
        /** Connect and report what was negotiated ({@link #probeEnded}); others wait meanwhile. */
        static final Http2Plan PROBE = new Http2Plan(null, true);
    }

    private enum Protocol { UNKNOWN, HTTP_1_1, HTTP_2 }

    /**
     * Idle connections, oldest first, each with when it became idle: a map so that one closing while idle leaves
     * it at once (when a run closes its ten thousand connections, a scan per connection was quadratic).
     */
    private final LinkedHashMap<Channel, Long> idle = new LinkedHashMap<>();
    // the following are guarded by `idle`, as the idle connections are
    private Protocol protocol = Protocol.UNKNOWN;
    private final List<Http2Connection> shared = new ArrayList<>(2);
    private EventLoop probeLoop;
    private List<Promise<Channel>> waiters;
    private long lastUsedNanos = System.nanoTime();
    private boolean retired;
    private volatile InetAddress address;
    private volatile long resolvedAt;
    private final ConnectWindow connects = new ConnectWindow();

    ConnectWindow connects() {
        return connects;
    }

    /** An open idle connection, or null. {@code taken} is told of every idle connection leaving the pool. */
    Channel pollIdle(Runnable taken) {
        synchronized (idle) {
            lastUsedNanos = System.nanoTime();
            Map.Entry<Channel, Long> i;
            while ((i = idle.pollLastEntry()) != null) {
                taken.run();
                if (i.getKey().isActive()) {
                    return i.getKey();
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
            idle.put(ch, nowNanos);
            return true;
        }
    }

    /** Forgets a connection that has closed while idle; true if it was here. */
    boolean remove(Channel ch) {
        synchronized (idle) {
            return idle.remove(ch) != null;
        }
    }

    /**
     * Hands connections idle since before {@code idleBefore} to {@code expired}; retires the pool when it is
     * then empty and unused since that moment. Returns whether it retired.
     */
    boolean sweep(long idleBefore, Consumer<Channel> expired) {
        synchronized (idle) {
            for (Iterator<Map.Entry<Channel, Long>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Channel, Long> i = it.next();
                if (i.getValue() - idleBefore < 0) {
                    it.remove();
                    expired.accept(i.getKey());
                }
            }
            for (Iterator<Http2Connection> it = shared.iterator(); it.hasNext(); ) {
                Http2Connection c = it.next();
                if (c.idleSince(idleBefore)) {
                    it.remove();
                    c.channel().close();
                }
            }
            if (idle.isEmpty() && shared.isEmpty() && probeLoop == null && lastUsedNanos - idleBefore < 0) {
                retired = true;
            }
            return retired;
        }
    }

    /**
     * How an exchange on {@code loop} gets a connection to this HTTPS origin: a shared HTTP/2 connection with
     * room, the probe's connection once negotiated (completed with null if it speaks HTTP/1.1: connect then),
     * or a connection of its own.
     */
    Http2Plan planHttp2(EventLoop loop) {
        synchronized (idle) {
            lastUsedNanos = System.nanoTime();
            if (protocol == Protocol.HTTP_1_1) {
                return Http2Plan.CONNECT;
            }
            for (Http2Connection c : shared) {
                // one that allows no streams is handed out too: its exchange fails, where a new one would be the same
                if (c.hasRoom() || c.allowsNoStreams() && c.channel().isActive()) {
                    return new Http2Plan(loop.newSucceededFuture(c.channel()), false);
                }
            }
            if (probeLoop != null) {
                Promise<Channel> p = loop.newPromise();
                if (waiters == null) {
                    waiters = new ArrayList<>();
                }
                waiters.add(p);
                return new Http2Plan(p, false);
            }
            probeLoop = loop;
            return Http2Plan.PROBE;
        }
    }

    /**
     * The probe's result: its HTTP/2 connection ({@code h2}, now shared), or HTTP/1.1 ({@code h2} and
     * {@code failure} null), or the failure, which the waiting exchanges share.
     */
    void probeEnded(Http2Connection h2, Throwable failure) {
        List<Promise<Channel>> waiting;
        synchronized (idle) {
            probeLoop = null;
            waiting = waiters;
            waiters = null;
            if (h2 != null) {
                protocol = Protocol.HTTP_2;
                shared.add(h2);
            } else if (failure == null) {
                protocol = Protocol.HTTP_1_1;
            }
        }
        if (waiting != null) {
            for (Promise<Channel> p : waiting) {
                if (failure != null) {
                    p.tryFailure(failure);
                } else {
                    p.trySuccess(h2 == null ? null : h2.channel());
                }
            }
        }
    }

    /** The loop new exchanges should run on: that of a shared connection with room or of the probe; else null. */
    EventLoop preferredLoop() {
        synchronized (idle) {
            for (Http2Connection c : shared) {
                if (c.hasRoom()) {
                    return c.channel().eventLoop();
                }
            }
            return probeLoop;
        }
    }

    /** Whether an HTTP/2 connection to the origin is open (a stream on it is then a reused connection). */
    boolean hasShared() {
        synchronized (idle) {
            return !shared.isEmpty();
        }
    }

    /** Shares an HTTP/2 connection that was not the probe (the origin had answered HTTP/1.1 before). */
    void addShared(Http2Connection c) {
        synchronized (idle) {
            protocol = Protocol.HTTP_2;
            shared.add(c);
        }
    }

    void removeShared(Http2Connection c) {
        synchronized (idle) {
            shared.remove(c);
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
