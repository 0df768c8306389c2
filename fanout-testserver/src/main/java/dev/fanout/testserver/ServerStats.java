package dev.fanout.testserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server has seen since start (or the last {@link #reset()}): per route pattern (e.g.
 * {@code /items/{id}}) and over all routes ({@link #ALL}), plus connections accepted. Thread-safe.
 */
public final class ServerStats {
    /** The key of the statistics over every route. */
    public static final String ALL = "*";

    private final ConcurrentHashMap<String, RouteStats> routes = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * How often something happened: {@code "fault:reset"} (a fault injected, by mode), {@code "refused:quota"}
     * (429 for the request quota), {@code "refused:capacity"} (503 beyond the concurrency cap).
     */
    public long counted(String what) {
        AtomicLong n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    RouteStats route(String pattern) {
        return routes.computeIfAbsent(pattern, k -> new RouteStats());
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    /** Statistics of one route pattern; zeros if it was never hit. */
    public RouteStats get(String pattern) {
        return routes.getOrDefault(pattern, new RouteStats());
    }

    public long totalRequests() {
        return get(ALL).requests();
    }

    public int peakInFlight() {
        return get(ALL).peakInFlight();
    }

    public long connectionsAccepted() {
        return connections.get();
    }

    /** Forgets all counts (not the requests in flight now). */
    public void reset() {
        routes.clear();
        counts.clear();
        connections.set(0);
    }

    /** The statistics as JSON, as served on {@code /_stats}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"connections\":").append(connections.get()).append(",\"routes\":{");
        boolean first = true;
        for (Map.Entry<String, RouteStats> e : new TreeMap<>(routes).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            RouteStats r = e.getValue();
            sb.append('"').append(e.getKey()).append("\":{\"requests\":").append(r.requests())
              .append(",\"in_flight\":").append(r.inFlight()).append(",\"peak_in_flight\":").append(r.peakInFlight()).append('}');
        }
        sb.append("},\"counts\":{");
        first = true;
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(counts).entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue().get());
            first = false;
        }
        return sb.append("}}").toString();
    }
}
