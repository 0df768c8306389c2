package dev.fanout.source;

import dev.fanout.Request;
import dev.fanout.internal.Lookahead;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link RequestTemplate} from every combination of its parameters' values (the cartesian product),
 * lazily: the first parameter varies slowest and is read only once, so it may be standard input; the others
 * are re-read for each value of the ones before them.
 */
final class ProductSource extends Lookahead<Request> implements RequestSource {
    private final RequestTemplate template;
    private final List<Param> params;
    private final Map<String, String> base;
    private final String baseProblem;
    private final String where;
    private final boolean record;
    private final List<String> recordedNames;
    private final InputNames inputNames;
    private final Iterator<String>[] iterators;
    private final String[] current;
    private boolean started;

    /**
     * @param record whether requests carry their parameter values (false for plain URL lines, whose only
     *               "parameter" is the URL itself)
     */
    ProductSource(RequestTemplate template, List<Param> params, boolean record, InputNames inputNames) {
        this(template, params, record, Map.of(), null, null, inputNames);
    }

    /**
     * Every combination of {@code params} for one row of a table: {@code base} holds the row's values (they
     * come first in the recorded params), {@code baseProblem} why the row is bad (every request of it is then
     * an invalid input), or null; {@code where} names the row in messages ("places.csv line 7").
     */
    @SuppressWarnings("unchecked")
    ProductSource(RequestTemplate template, List<Param> params, boolean record, Map<String, String> base, String baseProblem,
                  String where, InputNames inputNames) {
        this.template = template;
        this.inputNames = inputNames;
        this.base = base;
        this.baseProblem = baseProblem;
        this.where = where;
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
    protected Request computeNext() {
        return advance() ? build() : endOfData();
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
        int n = base.size() + params.size();
        Map<String, String> values = new HashMap<>(n * 2);
        Map<String, String> recorded = record ? new LinkedHashMap<>(n * 2) : Map.of();
        if (!base.isEmpty()) {
            values.putAll(base);
            recorded.putAll(base);
        }
        String problem = baseProblem;
        for (int i = 0; i < params.size(); i++) {
            values.put(params.get(i).name(), current[i]);
            if (record) {
                recorded.put(recordedNames.get(i), current[i]);
            }
            if (problem == null && iterators[i] instanceof LineIterator lines && lines.problem() != null) {
                String name = params.get(i).name();
                problem = name.isEmpty() || !record ? lines.problem() : inputNames.parameter(name) + ": " + lines.problem();
            }
        }
        if (where != null) {
            for (String p : template.placeholders()) {
                if (values.get(p) == null) {
                    problem = problem != null ? problem : where + ": no value for {" + p + "}";
                    values.put(p, "");
                }
            }
        }
        Request request = template.build(values, recorded);
        return problem == null ? request : request.invalid(problem);
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
    public long[] dimensionSizes(long waitMillis) {
        long[] sizes = new long[record ? params.size() : 0];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = params.get(i).values().awaitSize(waitMillis);
        }
        return sizes;
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
