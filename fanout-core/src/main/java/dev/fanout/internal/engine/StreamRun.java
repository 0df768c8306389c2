package dev.fanout.internal.engine;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;
import dev.fanout.internal.transport.IoBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One streaming run: a feeder thread pulls requests from the source as credits allow and submits them; I/O
 * threads drop outcomes into a queue; the consumer's thread takes them through this iterator, in completion
 * order or re-ordered to input order.
 *
 * <p>Memory stays bounded: a credit is taken per request before it is pulled and returned only when its
 * outcome has been handed to the consumer, so at most {@code capacity} requests and outcomes exist between the
 * source and the consumer, including outcomes held back by an ordered stream. A body an outcome carries is
 * counted in the engine's memory budget until the consumer asks for the next outcome (or closes the stream) —
 * except while an ordered stream holds it back for an earlier one: those are bounded by the credits, and
 * counting them could leave the budget full of bodies that wait for a request that waits for the budget.
 */
public final class StreamRun implements Iterator<Outcome>, AutoCloseable {
    private static final int RELEASE_BATCH = 32;

    private final Engine engine;
    private final Feed source;
    private final boolean ordered;
    private final Consumer<Outcome> arrive = this::arrive;
    private final Feed.Intake intake = this::submit;
    /** The index of the next request fed (the feeder thread's). */
    private long fed;
    private final Credits credits;
    /** Outcomes and the final End marker, from I/O threads and the feeder to the consumer. */
    private final ConcurrentLinkedQueue<Object> arrivals = new ConcurrentLinkedQueue<>();
    /** The consumer thread while it is parked waiting for arrivals, else null. */
    private volatile Thread waiter;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final Thread feeder;
    private volatile boolean closed;

    // consumer-side state, touched only by the consuming thread
    private final ArrayDeque<Outcome> ready = new ArrayDeque<>();
    private final HashMap<Long, Outcome> heldBack = new HashMap<>();
    /** Outcomes whose memory went back to the budget when they were held back (identity). */
    private final Set<Outcome> outOfBudget = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Object> drained = new ArrayList<>(256);
    private long nextIndex;
    private long delivered;
    private long submitted = -1;
    private Throwable sourceError;
    private int unreleased;
    /** The outcome handed out last: its body's memory goes back when the consumer comes for the next one. */
    private Outcome handedOut;

    private StreamRun(Engine engine, Feed source, boolean ordered, int capacity) {
        this.engine = engine;
        this.source = source;
        this.ordered = ordered;
        this.credits = new Credits(capacity, Math.max(1, Math.min(capacity / 4, 256)));
        this.feeder = new Thread(this::feed, "fanout-feeder");
        this.feeder.setDaemon(true);
    }

    static StreamRun start(Engine engine, Feed source, boolean ordered, int capacity) {
        StreamRun run = new StreamRun(engine, source, ordered, capacity);
        run.feeder.start();
        return run;
    }

    private void feed() {
        Throwable error = null;
        try {
            while (!closed) {
                credits.acquire();
                if (closed || !source.hasNext()) {
                    break;
                }
                source.next(intake);
            }
        } catch (InterruptedException e) {
            // closed while waiting for credits: stop feeding
        } catch (Throwable t) {
            error = t;
        }
        arrive(new End(fed, error));
    }

    /** The feed hands over its next request (on the feeder thread). */
    private void submit(Request request, Url url, Reach reach) {
        engine.submit(request, url, reach, fed++, arrive);
    }

    private void arrive(Object outcomeOrEnd) {
        arrivals.offer(outcomeOrEnd);
        if (closed) {
            dropArrivals();
            return;
        }
        if (waiter != null && wakeScheduled.compareAndSet(false, true)) {
            // on an I/O thread, wake the consumer once after the whole batch of completions, not per outcome
            IoBatch.runAfterCurrentBatch(this::wakeConsumer);
        }
    }

    private void wakeConsumer() {
        wakeScheduled.set(false);
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public boolean hasNext() {
        releaseHandedOut();
        while (ready.isEmpty()) {
            if (submitted >= 0 && delivered == submitted) {
                if (sourceError != null) {
                    Throwable e = sourceError;
                    sourceError = null;
                    throw e instanceof RuntimeException re ? re : new IllegalStateException("reading the requests failed", e);
                }
                return false;
            }
            credits.release(unreleased);
            unreleased = 0;
            awaitArrivals();
        }
        return true;
    }

    @Override
    public Outcome next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Outcome outcome = ready.poll();
        handedOut = outcome;
        delivered++;
        if (++unreleased >= RELEASE_BATCH) {
            credits.release(unreleased);
            unreleased = 0;
        }
        return outcome;
    }

    private void releaseHandedOut() {
        if (handedOut != null) {
            if (!outOfBudget.remove(handedOut)) {
                engine.handedOver(handedOut);
            }
            handedOut = null;
        }
    }

    private void awaitArrivals() {
        Object first = arrivals.poll();
        if (first == null) {
            waiter = Thread.currentThread();
            try {
                while ((first = arrivals.poll()) == null) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for outcomes");
                    }
                }
            } finally {
                waiter = null;
            }
        }
        drained.add(first);
        Object more;
        while ((more = arrivals.poll()) != null) {
            drained.add(more);
        }
        for (Object o : drained) {
            if (o instanceof Outcome outcome) {
                accept(outcome);
            } else {
                End end = (End) o;
                submitted = end.count;
                sourceError = end.error;
            }
        }
        drained.clear();
    }

    private void accept(Outcome outcome) {
        if (!ordered) {
            ready.add(outcome);
            return;
        }
        if (outcome.index() != nextIndex) {
            heldBack.put(outcome.index(), outcome);
            if (outcome.body().length > 0) {
                engine.handedOver(outcome);
                outOfBudget.add(outcome);
            }
            return;
        }
        ready.add(outcome);
        nextIndex++;
        Outcome following;
        while ((following = heldBack.remove(nextIndex)) != null) {
            ready.add(following);
            nextIndex++;
        }
    }

    /** Stops pulling requests. Requests already started finish in the background; their outcomes are dropped. */
    @Override
    public void close() {
        closed = true;
        feeder.interrupt();
        dropArrivals();
        // called by the consumer: its own outcomes not taken go too
        releaseHandedOut();
        ready.forEach(this::discard);
        ready.clear();
        heldBack.values().forEach(this::discard);
        heldBack.clear();
    }

    private void discard(Outcome o) {
        if (outOfBudget.remove(o)) {
            engine.deleteBodyFile(o);
        } else {
            engine.discard(o);
        }
    }

    /** Outcomes of a closed stream nobody will take: their memory and saved files go. Any thread. */
    private void dropArrivals() {
        Object o;
        while ((o = arrivals.poll()) != null) {
            if (o instanceof Outcome outcome) {
                engine.discard(outcome);
            }
        }
    }

    private record End(long count, Throwable error) {
    }
}
