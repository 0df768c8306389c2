package dev.fanout.internal.crawl;

/**
 * The set of requests a crawl has fetched or queued, kept as 64-bit fingerprints in one open-addressing
 * {@code long[]} (linear probing, grown ×2 at 3/4 full): 8 bytes per slot, so 10.7–21 bytes per URL
 * whatever its length — 16 MiB at a million URLs, 1 GiB at a hundred million (1.5 GiB for a moment while
 * it grows to that size).
 *
 * <p>Two different URLs share a fingerprint with probability about n²/2⁶⁵ over n URLs (1 in 37 million at a
 * million URLs, 1 in 3,700 at a hundred million); the later one would then be skipped as already seen.
 * Not thread-safe: the frontier guards it.
 */
public final class SeenSet {
    private static final long EMPTY = 0;

    private long[] slots;
    private int size;
    private int growAt;

    public SeenSet() {
        this(1 << 10);
    }

    SeenSet(int initialSlots) {
        slots = new long[Integer.highestOneBit(Math.max(16, initialSlots - 1) << 1)];
        growAt = slots.length / 4 * 3;
    }

    /** Adds {@code fingerprint}; returns false when it was already there. */
    public boolean add(long fingerprint) {
        long key = fingerprint == EMPTY ? 1 : fingerprint;
        int mask = slots.length - 1;
        int i = spread(key) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = key;
        if (++size >= growAt) {
            grow();
        }
        return true;
    }

    public boolean contains(long fingerprint) {
        long key = fingerprint == EMPTY ? 1 : fingerprint;
        int mask = slots.length - 1;
        for (int i = spread(key) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
            if (slots[i] == key) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size;
    }

    /** Bytes held by the table. */
    public long bytes() {
        return 8L * slots.length;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        growAt = slots.length / 4 * 3;
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != EMPTY) {
                int i = spread(key) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }

    private static int spread(long key) {
        // fingerprints are already mixed; fold the high half in so that low bits alone do not decide the slot
        return (int) (key ^ (key >>> 32));
    }
}
