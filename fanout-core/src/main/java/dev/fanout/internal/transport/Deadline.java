package dev.fanout.internal.transport;

/**
 * One timer of one exchange (its total limit, its wait for a first byte, or its read silence), linked into
 * the {@link TimeoutQueue} for that kind of limit on the exchange's event loop.
 */
final class Deadline {
    enum Kind { TOTAL, FIRST_BYTE, READ }

    final Exchange owner;
    final Kind kind;
    Deadline prev;
    Deadline next;
    long atNanos;
    boolean queued;

    Deadline(Exchange owner, Kind kind) {
        this.owner = owner;
        this.kind = kind;
    }
}
