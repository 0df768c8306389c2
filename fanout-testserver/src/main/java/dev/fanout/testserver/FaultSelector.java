package dev.fanout.testserver;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, deterministically, whether a request gets its fault: by a seeded hash of the request target
 * against the fault's fraction, then by how many times this target was already faulted. Thread-safe.
 */
final class FaultSelector {
    private final long seed;
    private final ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> bursts = new ConcurrentHashMap<>();

    FaultSelector(long seed) {
        this.seed = seed;
    }

    boolean applies(Fault fault, String target) {
        if (fault.fraction() < 1.0 && unitHash(target) >= fault.fraction()) {
            return false;
        }
        if (fault.mode() == Fault.Mode.BURST) {
            long n = bursts.computeIfAbsent(fault.toString(), k -> new AtomicLong()).getAndIncrement();
            return n % fault.intParam("period", 100) < fault.intParam("length", 10);
        }
        if (fault.times() == 0) {
            return true;
        }
        return seen.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet() <= fault.times();
    }

    /** A hash of the target mapped to [0, 1), the same for the same seed and target. */
    double unitHash(String target) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < target.length(); i++) {
            h = (h ^ target.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}
