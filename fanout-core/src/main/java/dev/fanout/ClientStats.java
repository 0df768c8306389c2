package dev.fanout;

import java.util.Map;

/**
 * What a client has learned and done so far, beyond the outcomes themselves: a snapshot, safe to read while
 * requests run.
 *
 * @param retriesByReason  retries made, by reason: a status ({@code "503"}) or a failure kind ({@code "reset"})
 * @param adaptiveLimits   per origin, where adaptive concurrency stands (empty when it is off)
 * @param unreachableHosts origins given up after repeated connection failures, with the reason
 * @param memory           response bodies held in memory, against the budget ({@link dev.fanout.client.Fanout.Builder#maxMemory})
 * @param proxiesTakenOut  proxies (redacted URL) taken out after failing repeatedly, with the reason
 * @param quotas           per origin, what its rate-limit fields or 429s taught the client (empty when none)
 */
public record ClientStats(Map<String, Long> retriesByReason, Map<String, HostLimit> adaptiveLimits,
                          Map<String, String> unreachableHosts, Memory memory, Map<String, String> proxiesTakenOut,
                          Map<String, String> quotas) {

    public ClientStats {
        retriesByReason = Map.copyOf(retriesByReason);
        adaptiveLimits = Map.copyOf(adaptiveLimits);
        unreachableHosts = Map.copyOf(unreachableHosts);
        java.util.Objects.requireNonNull(memory, "memory");
        proxiesTakenOut = Map.copyOf(proxiesTakenOut);
        quotas = Map.copyOf(quotas);
    }

    /**
     * Bodies held in memory: the budget for them, what is reserved now and at most so far, how many times a body
     * waited for room, and how many half-read bodies were set aside (and sent again) to unblock the budget.
     */
    public record Memory(long budget, long reserved, long peak, long waits, long setAside) {
    }

    /** Total retries over all reasons. */
    public long retries() {
        return retriesByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * An origin's adaptive concurrency limit.
     *
     * @param current   the limit now (where it settled, at the end of a run)
     * @param lowest    the lowest it was cut to
     * @param highest   the highest it grew to
     * @param decreases how many times it was cut because the host pushed back
     */
    public record HostLimit(int current, int lowest, int highest, long decreases) {
    }
}
