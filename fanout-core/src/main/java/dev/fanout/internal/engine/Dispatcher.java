package dev.fanout.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Admission: keeps at most {@code maxInFlight} calls executing over all origins and {@code maxPerHost} per
 * origin. Calls beyond those limits wait in a queue per origin; when a slot frees, origins with waiters take
 * turns (round robin), so one slow host never starves the others of global slots.
 *
 * <p>Thread-safe: calls arrive from producer threads and finish on I/O threads. Calls are started outside the
 * lock.
 */
final class Dispatcher {
    private final int maxInFlight;
    private final int maxPerHost;
    private final Consumer<Call> starter;

    private final Object lock = new Object();
    private final HashMap<String, HostQueue> hosts = new HashMap<>();
    /** Origins with waiting calls and a free per-host slot, in turn order. */
    private final ArrayDeque<HostQueue> ready = new ArrayDeque<>();
    private int running;
    private boolean closed;

    Dispatcher(int maxInFlight, int maxPerHost, Consumer<Call> starter) {
        this.maxInFlight = maxInFlight;
        this.maxPerHost = maxPerHost;
        this.starter = starter;
    }

    /** Queues a call; starts it now if both limits allow. Returns false when the dispatcher is closed. */
    boolean enqueue(Call call) {
        Object toStart;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            HostQueue host = hosts.computeIfAbsent(call.target().originKey(), HostQueue::new);
            host.waiting.add(call);
            markReady(host);
            toStart = promote();
        }
        start(toStart);
        return true;
    }

    /** Frees the slot of a call that has ended and starts whatever may run now. */
    void finished(Call call) {
        Object toStart;
        synchronized (lock) {
            running--;
            HostQueue host = hosts.get(call.target().originKey());
            host.running--;
            if (host.running == 0 && host.waiting.isEmpty()) {
                hosts.remove(host.key);
            } else {
                markReady(host);
            }
            toStart = promote();
        }
        start(toStart);
    }

    /** Stops admitting and hands back every call that was still waiting. */
    List<Call> close() {
        List<Call> waiting = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (HostQueue host : hosts.values()) {
                waiting.addAll(host.waiting);
                host.waiting.clear();
            }
            ready.clear();
        }
        return waiting;
    }

    int running() {
        synchronized (lock) {
            return running;
        }
    }

    private void markReady(HostQueue host) {
        if (!host.inReady && !host.waiting.isEmpty() && host.running < maxPerHost) {
            host.inReady = true;
            ready.add(host);
        }
    }

    /** Under the lock: takes the calls that may start now. Returns null, one Call, or a List of them. */
    private Object promote() {
        Object out = null;
        while (running < maxInFlight && !ready.isEmpty()) {
            HostQueue host = ready.poll();
            host.inReady = false;
            Call call = host.waiting.poll();
            host.running++;
            running++;
            markReady(host);
            out = add(out, call);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object add(Object out, Call call) {
        if (out == null) {
            return call;
        }
        if (out instanceof Call first) {
            List<Call> list = new ArrayList<>(4);
            list.add(first);
            list.add(call);
            return list;
        }
        ((List<Call>) out).add(call);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void start(Object toStart) {
        if (toStart == null) {
            return;
        }
        if (toStart instanceof Call call) {
            starter.accept(call);
            return;
        }
        for (Call call : (List<Call>) toStart) {
            starter.accept(call);
        }
    }

    private static final class HostQueue {
        final String key;
        final ArrayDeque<Call> waiting = new ArrayDeque<>();
        int running;
        boolean inReady;

        HostQueue(String key) {
            this.key = key;
        }
    }
}
