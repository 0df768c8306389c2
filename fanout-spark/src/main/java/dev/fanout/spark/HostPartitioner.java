package dev.fanout.spark;

import dev.fanout.internal.net.Url;
import org.apache.spark.Partitioner;
import org.apache.spark.sql.Row;


/**
 * Places each row in a partition chosen by its request's host, so that one host's rows take at most
 * {@code spread} partitions ({@link Budget#hostSpread()}): {@code (hash(origin) + hash(row) mod spread) mod
 * partitions}. The choice is a function of the row's values alone, so a stage Spark runs again places every
 * row where it was, and identical rows always share a partition.
 */
final class HostPartitioner extends Partitioner {
    private final int partitions;
    private final int spread;

    HostPartitioner(int partitions, int spread) {
        this.partitions = partitions;
        this.spread = spread;
    }

    /** The partition key of a row whose request goes to {@code url}. */
    int key(String url, Row row) {
        int salt = Math.floorMod(RowHash.of(row, 0x9e3779b9), spread);
        return Math.floorMod(mix(origin(url).hashCode()) + salt, partitions);
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPartitioner p && p.partitions == partitions && p.spread == spread;
    }

    @Override
    public int hashCode() {
        return partitions * 31 + spread;
    }

    /**
     * The origin of a URL as fanout's per-host limits count it ({@link Url#originKey}: scheme, host in one
     * spelling, port unless the default); a URL that cannot be requested is its own key (its request fails as
     * invalid_url anyway).
     */
    static String origin(String url) {
        Url parsed = Url.parseOrNull(url);
        return parsed == null ? url : parsed.originKey();
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
