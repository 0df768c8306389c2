package dev.fanout.source;

import dev.fanout.Request;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Fills a {@link RequestTemplate} from every combination of its parameters' values (the cartesian product),
 * lazily: the first parameter varies slowest and is read only once, so it may be standard input; the others
 * are re-read for each value of the ones before them.
 */
final class ProductSource implements RequestSource {
    private final RequestTemplate template;
    private final List<Param> params;
    private final boolean record;
    private final List<String> recordedNames;
    private final Iterator<String>[] iterators;
    private final String[] current;
    private boolean started;
    private boolean exhausted;
    private Request next;

    /**
     * @param record whether requests carry their parameter values (false for plain URL lines, whose only
     *               "parameter" is the URL itself)
     */
    @SuppressWarnings("unchecked")
    ProductSource(RequestTemplate template, List<Param> params, boolean record) {
        this.template = template;
        this.params = List.copyOf(params);
        this.record = record;
        this.iterators = new Iterator[params.size()];
        this.current = new String[params.size()];
        List<String> names = new ArrayList<>();
        if (record) {
            for (Param p : params) {
                names.add(RequestSources.displayName(p.name()));
            }
        }
        this.recordedNames = List.copyOf(names);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (exhausted || !advance()) {
            exhausted = true;
            return false;
        }
        next = build();
        return true;
    }

    @Override
    public Request next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Request r = next;
        next = null;
        return r;
    }

    /** Moves to the next combination, odometer-style; false when there is none. */
    private boolean advance() {
        int n = params.size();
        if (!started) {
            started = true;
            for (int i = 0; i < n; i++) {
                iterators[i] = params.get(i).values().open();
                if (!iterators[i].hasNext()) {
                    return false;
                }
                current[i] = iterators[i].next();
            }
            return true;
        }
        int i = n - 1;
        while (i >= 0 && !iterators[i].hasNext()) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        current[i] = iterators[i].next();
        for (int j = i + 1; j < n; j++) {
            iterators[j] = params.get(j).values().open();
            if (!iterators[j].hasNext()) {
                return false;
            }
            current[j] = iterators[j].next();
        }
        return true;
    }

    private Request build() {
        Map<String, String> values = new HashMap<>(params.size() * 2);
        Map<String, String> recorded = record ? new LinkedHashMap<>(params.size() * 2) : Map.of();
        for (int i = 0; i < params.size(); i++) {
            values.put(params.get(i).name(), current[i]);
            if (record) {
                recorded.put(recordedNames.get(i), current[i]);
            }
        }
        return template.build(values, recorded);
    }

    @Override
    public long expectedTotal() {
        long total = 1;
        for (Param p : params) {
            long s = p.values().size();
            if (s < 0) {
                return -1;
            }
            if (s != 0 && total > Long.MAX_VALUE / s) {
                return -1;
            }
            total *= s;
        }
        return total;
    }

    @Override
    public List<String> paramNames() {
        return recordedNames;
    }

    /** Closes the files still open when the run stopped before reading them to the end. */
    @Override
    public void close() {
        for (Iterator<String> it : iterators) {
            if (it instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a reader: nothing to do about a failure
                }
            }
        }
    }
}
