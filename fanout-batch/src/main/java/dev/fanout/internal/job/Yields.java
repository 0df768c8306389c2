package dev.fanout.internal.job;

import java.util.Arrays;

/**
 * What each request a job gave the client was, by yield (the order the client took them, which is the index its
 * outcome comes back with): an input, by its place in the input sequence, or a request the crawl found, by its
 * position. A plain run yields inputs only; a crawl's inputs get their position when their outcome arrives.
 *
 * <p>No lock: the feeder thread adds an entry before it submits the request, and the outcome reaches the consuming
 * thread through the client's queues after that, so the consumer reads what was written (arrays and fields alike;
 * an array replaced by a larger copy holds every entry the old one did).
 */
public final class Yields {
    private long[] numbers = new long[1024];
    private boolean[] inputs = new boolean[1024];
    private int count;

    /** The next request yielded is the input at {@code place}. Feeder thread. */
    public void input(long place) {
        add(place, true);
    }

    /** The next request yielded is the found request at {@code position}. Feeder thread. */
    public void found(long position) {
        add(position, false);
    }

    private void add(long number, boolean input) {
        if (count == numbers.length) {
            int size = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, count * 2L));
            numbers = Arrays.copyOf(numbers, size);
            inputs = Arrays.copyOf(inputs, size);
        }
        numbers[count] = number;
        inputs[count] = input;
        count++;
    }

    /** Whether the request yielded {@code yield}th was an input (else a found request). */
    public boolean isInput(long yield) {
        return inputs[Math.toIntExact(yield)];
    }

    /** The input's place or the found request's position, for the request yielded {@code yield}th. */
    public long number(long yield) {
        return numbers[Math.toIntExact(yield)];
    }
}
