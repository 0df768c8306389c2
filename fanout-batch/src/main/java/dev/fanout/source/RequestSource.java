package dev.fanout.source;

import dev.fanout.Request;

import java.util.Iterator;

/**
 * A lazily produced sequence of requests, e.g. URL lines or a template filled from parameters. Read from one
 * thread. Reading errors surface as {@link java.io.UncheckedIOException} from {@link #hasNext()}.
 */
public interface RequestSource extends Iterator<Request>, AutoCloseable {

    /** How many requests this source will produce in all, or -1 while unknown; may become known later. */
    long expectedTotal();

    /** Names of the parameters its requests record, in column order (empty for plain URLs). */
    java.util.List<String> paramNames();

    /**
     * The number of inputs of each dimension of a product (table rows, each {@code -p}), waiting at most
     * {@code waitMillis} for files still being counted (-1 for a size still unknown); empty when the source
     * is not a product of several inputs.
     */
    default long[] dimensionSizes(long waitMillis) {
        return new long[0];
    }

    @Override
    default void close() {
    }
}
