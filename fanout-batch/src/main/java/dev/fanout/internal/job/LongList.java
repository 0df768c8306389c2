package dev.fanout.internal.job;

import java.util.Arrays;

/** A growable list of longs, without boxing. Not thread-safe. */
public final class LongList {
    private long[] values = new long[16];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
