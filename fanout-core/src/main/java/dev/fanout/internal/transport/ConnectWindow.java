package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The TCP connects to one origin: how many may be in flight at once (SYN sent, not yet answered), and how long
 * an unanswered one is given before it is dialled again ({@link ConnectRace}).
 *
 * <p>Why: a server whose accept queue is full (a small listen backlog, a server slow to accept) drops the SYNs
 * that arrive, and the kernel sends a lost SYN again only after 1 s, then 3 s. A run that opens every
 * connection at once — at start, or against a server that closes each connection after one response — loses
 * whole seconds per connection that way. So the window starts at {@link #INITIAL} connects and grows by one for
 * each connect answered on its first SYN (doubling per round trip, as TCP's slow start does) until a connect
 * has to be dialled again; that halves it, and from there it grows by one per window of answered connects (as
 * TCP's congestion avoidance). A connect answered late is dialled again after a few of this origin's usual
 * connect times instead of the kernel's second. The connects of one burst of lost SYNs halve the window once.
 *
 * <p>A connection counts until it is answered, except to an origin whose last response closed its connection
 * ({@link #serverCloses}): there every request needs a connection of its own, and one counts until it closes,
 * so that the window also bounds what waits in the server's accept queue or for its threads. There the
 * kernel's answer to a SYN says only that the accept queue had room, not that the server keeps up, and a
 * queue that overflows drops handshakes whose connect has already succeeded (their requests are answered only
 * after a retransmission). So to such an origin, once a connect has needed a redial (its queue overflowed),
 * the window is set by what the server completes: how long a connection is held, dial to close, against the
 * shortest hold seen ({@link #closed}).
 *
 * <p>Thread-safe: connects of one origin start on several event loops; each runs on its own loop.
 */
final class ConnectWindow {
    /** Connects in flight to an origin before any has been answered. */
    static final int INITIAL = 8;
    /** The window never grows past this: more connects at once than any listen backlog takes. */
    static final int MAX = 4096;
    /** Before any connect has been answered: Chromium's wait before it opens a backup connection. */
    static final long FIRST_REDIAL_NANOS = 250_000_000L;
    /** Never sooner: an event loop on a busy machine can be this late to see a connect answered. */
    static final long MIN_REDIAL_NANOS = 20_000_000L;
    /** Never later: the kernel itself sends the SYN again after 1 s. */
    static final long MAX_REDIAL_NANOS = 1_000_000_000L;

    /**
     * To an origin that closes its connections: connections beyond what it serves at once that the window
     * allows, so that it has the next one waiting when one ends (a queue of two, as TCP Vegas keeps).
     */
    static final double QUEUE_ALLOWANCE = 2;

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int limit = INITIAL;
    /** The window to a closing origin before rounding: {@link #limit} follows it while {@link #serverCloses}. */
    private double closingLimit;
    /** Shortest time from dial to close of a connection to this closing origin, 0 before the first. */
    private long minHoldNanos;
    /** When the window was last halved (a redial); meaningless while {@link #cut} is false. */
    private long lastCutNanos;
    /** A connect to this origin needed a redial: its accept queue has overflowed. */
    private boolean cut;
    /** The window at its last halving: holds do not shrink a closing origin's window below that. */
    private int closingFloor = 1;
    /** The window up to which it doubles; half the window at the last redial. */
    private int threshold = MAX;
    /** Answered connects since the window last grew by one, above the threshold. */
    private int answeredSinceGrowth;
    private int inFlight;
    /** The origin's last response closed its connection: a connection counts until it closes. */
    private volatile boolean serverCloses;
    /** Smoothed time to an answered connect (as TCP smooths its round-trip time), 0 before the first. */
    private long smoothedNanos;

    /**
     * Connects through {@code dial} (one new socket per call, on {@code loop}) once the window has room; the
     * future completes on {@code loop} with the first socket that connected, or with the failure.
     */
    Future<Channel> open(EventLoop loop, Supplier<ChannelFuture> dial) {
        Promise<Channel> result = loop.newPromise();
        Runnable start = () -> {
            if (loop.inEventLoop()) {
                new ConnectRace(this, loop, dial, result).start();
            } else {
                loop.execute(() -> new ConnectRace(this, loop, dial, result).start());
            }
        };
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    /** How long a connect dialled now may go unanswered before it is dialled again. */
    synchronized long redialNanos() {
        if (smoothedNanos == 0) {
            return FIRST_REDIAL_NANOS;
        }
        return Math.clamp(4 * smoothedNanos, MIN_REDIAL_NANOS, MAX_REDIAL_NANOS);
    }

    /** Whether the origin's responses close their connections (from the last one). Any thread. */
    void serverCloses(boolean closes) {
        if (serverCloses != closes) {
            synchronized (this) {
                serverCloses = closes;
                closingLimit = limit;
            }
        }
    }

    /** Whether a connection to this origin leaves the window only when it closes (see the class comment). */
    boolean holdsUntilClosed() {
        return serverCloses;
    }

    /**
     * A connect that started at {@code startNanos} ended: {@code answeredNanos} is how long its first SYN took
     * to be answered (-1 when it failed, or was dialled again); {@code redialled} whether it had to be. It
     * leaves the window now unless {@code stays} (then {@link #closed} when its connection closes).
     *
     * <p>A redial halves the window once per burst of lost SYNs, as TCP halves once per window of losses: a
     * connect that started before the last halving was dialled into the window that lost it and halves
     * nothing more. To a closing origin whose accept queue has overflowed so (a redial) an answered connect
     * no longer grows the window; {@link #closed} moves it.
     */
    void ended(long startNanos, long answeredNanos, boolean redialled, boolean stays) {
        synchronized (this) {
            if (redialled) {
                if (!cut || startNanos - lastCutNanos > 0) {
                    cut = true;
                    lastCutNanos = System.nanoTime();
                    threshold = Math.max(1, limit / 2);
                    limit = threshold;
                    closingLimit = limit;
                    closingFloor = limit;
                    answeredSinceGrowth = 0;
                }
            } else if (answeredNanos >= 0) {
                smoothedNanos = smoothedNanos == 0 ? answeredNanos : smoothedNanos + (answeredNanos - smoothedNanos) / 8;
                if (serverCloses && cut) {
                    // the kernel answers a SYN while the accept queue has room: no sign of what the server serves
                } else if (limit < threshold) {
                    limit++;
                } else if (++answeredSinceGrowth >= limit) {
                    answeredSinceGrowth = 0;
                    limit++;
                }
                limit = Math.min(MAX, limit);
            }
        }
        if (!stays) {
            released();
        }
    }

    /**
     * A connection held until it closed ({@code stays}) closed {@code holdNanos} after its connect started, and
     * leaves the window. To a closing origin every request takes one such hold, so once its accept queue has
     * overflowed (a redial; before that the window grows as to any origin) the holds tell how many connections
     * the server serves at once: the window moves an eighth of the way each time toward
     * {@code window × shortest hold / this hold + }{@link #QUEUE_ALLOWANCE} (as TCP Vegas and gradient
     * concurrency limits do). While holds stay as short as the shortest the window grows by a quarter per round
     * of holds; once connections wait in the server's accept queue or for its threads, their holds lengthen and
     * the window shrinks to what the server serves plus the allowance, well inside a small listen backlog. A
     * connection whose handshake's last ACK the server dropped (its accept queue was full; connected, but the
     * request is answered only after a retransmission, 200 ms or more) holds long and shrinks the window too.
     *
     * <p>Never below the window at the last halving: holds also lengthen with what is asked (a slow page, a big
     * body) rather than with queueing, and a server that serves many at once but answers some requests ten
     * times as slowly as others would be taken for a queue. A server whose queue never overflowed keeps the
     * window of answered connects; one whose queue keeps overflowing halves the floor with the window.
     */
    void closed(long holdNanos) {
        synchronized (this) {
            if (serverCloses && cut && holdNanos > 0) {
                minHoldNanos = minHoldNanos == 0 ? holdNanos : Math.min(minHoldNanos, holdNanos);
                double target = closingLimit * minHoldNanos / holdNanos + QUEUE_ALLOWANCE;
                closingLimit = Math.clamp(closingLimit + (target - closingLimit) / 8, closingFloor, MAX);
                limit = (int) Math.round(closingLimit);
            }
        }
        released();
    }

    /** A connect leaves the window: connects that waited may start. */
    private void released() {
        Runnable[] next;
        synchronized (this) {
            inFlight--;
            int room = Math.min(waiting.size(), limit - inFlight);
            if (room <= 0) {
                return;
            }
            next = new Runnable[room];
            for (int i = 0; i < room; i++) {
                next[i] = waiting.poll();
            }
            inFlight += room;
        }
        for (Runnable r : next) {
            r.run();
        }
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
