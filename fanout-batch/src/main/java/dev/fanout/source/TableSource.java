package dev.fanout.source;

import dev.fanout.Request;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One request per row of a table, or with {@code -p} parameters one per row and combination (the row varies
 * slowest). Each request records the row's columns in input order, then the parameters. A bad row still gives
 * its requests, as invalid inputs naming its line. Streams: one row is held at a time.
 */
final class TableSource implements RequestSource {
    private final RequestTemplate template;
    private final RowSource table;
    private final List<Param> params;
    private final List<String> names;
    private Iterator<Row> rows;
    private ProductSource current;
    private final InputNames inputNames;

    TableSource(RequestTemplate template, RowSource table, List<Param> params, InputNames inputNames) {
        this.template = template;
        this.inputNames = inputNames;
        this.table = table;
        this.params = List.copyOf(params);
        List<String> all = new ArrayList<>(table.columns());
        params.forEach(p -> all.add(p.name()));
        this.names = List.copyOf(all);
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (current != null) {
                current.close();
                current = null;
            }
            if (rows == null) {
                rows = table.rows();
            }
            if (!rows.hasNext()) {
                return false;
            }
            Row row = rows.next();
            current = new ProductSource(template, params, true, row.values(), row.problem(), table.name() + " line " + row.line(),
                    inputNames);
        }
        return true;
    }

    @Override
    public Request next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    @Override
    public long expectedTotal() {
        long rowCount = table.size();
        return times(rowCount, new ProductSource(template, params, true, inputNames).expectedTotal());
    }

    @Override
    public long[] dimensionSizes(long waitMillis) {
        long[] sizes = new long[params.size() + 1];
        sizes[0] = table.awaitSize(waitMillis);
        for (int i = 0; i < params.size(); i++) {
            sizes[i + 1] = params.get(i).values().awaitSize(waitMillis);
        }
        return sizes;
    }

    private static long times(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        return b != 0 && a > Long.MAX_VALUE / b ? -1 : a * b;
    }

    @Override
    public List<String> paramNames() {
        return names;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
        table.close();
    }
}
