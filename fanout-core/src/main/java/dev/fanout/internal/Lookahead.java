package dev.fanout.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator that reads one element ahead: {@link #hasNext()} computes the next element ({@link #computeNext()})
 * and holds it until {@link #next()} hands it out, so a subclass writes only "what comes next, or the end".
 *
 * <p>{@link #computeNext()} returns the element, or {@link #endOfData()} when there is none; after that the
 * iterator is at its end and never computes again. An exception thrown by {@link #computeNext()} passes out of
 * {@code hasNext()} (or {@code next()}) and leaves the iterator as it was, so the next call computes again,
 * unless the subclass called {@link #endOfData()} before throwing. {@link #endOfData()} may also be called from
 * outside {@code computeNext()}, e.g. on close: an element already computed is still handed out. Elements may be
 * null. Not thread-safe.
 */
public abstract class Lookahead<T> implements Iterator<T> {
    private T next;
    private boolean ready;
    private boolean ended;

    /** The next element, or {@link #endOfData()}'s value when there is none. */
    protected abstract T computeNext();

    /** Marks the end: no element is computed after this. Returns null, for {@code return endOfData();}. */
    protected final T endOfData() {
        ended = true;
        return null;
    }

    /** Called by {@link #next()} with the element it hands out, for state that describes the element taken last. */
    protected void onNext(T element) {
    }

    @Override
    public final boolean hasNext() {
        if (ready) {
            return true;
        }
        if (ended) {
            return false;
        }
        T element = computeNext();
        if (ended) {
            return false;
        }
        next = element;
        ready = true;
        return true;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T element = next;
        next = null;
        ready = false;
        onNext(element);
        return element;
    }
}
