package dev.fanout.spark;

import org.apache.spark.sql.Row;

import java.util.Arrays;

/**
 * A hash of a row's values that is the same in every JVM (a row's own hashCode is not, for binary columns),
 * so that placing rows in partitions and batches can be repeated exactly.
 */
final class RowHash {
    private RowHash() {
    }

    static int of(Row row, int seed) {
        int h = seed;
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            int x = v == null ? 0x5bd1e995 : v instanceof byte[] b ? Arrays.hashCode(b) : v.toString().hashCode();
            h = Integer.rotateLeft(h ^ (x * 0xcc9e2d51), 13) * 5 + 0xe6546b64;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
