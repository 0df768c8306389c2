package dev.fanout.internal.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query's segments, from the root ({@code $}) or from the current node ({@code @}).
 *
 * @param relative whether it starts at the current node
 * @param segments applied in order, each to every node the one before selected
 * @param singular whether every segment is one name or index, so the query selects at most one node
 */
record Query(boolean relative, Segment[] segments, boolean singular) {
    /** Stands for "no value" (RFC 9535's Nothing): a singular query that selects nothing, a function without a result. */
    static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "Nothing";
        }
    };

    static Query of(boolean relative, List<Segment> segments) {
        boolean singular = true;
        for (Segment s : segments) {
            singular &= s.singular();
        }
        return new Query(relative, segments.toArray(new Segment[0]), singular);
    }

    /** The node list: every value selected, in order. */
    List<Object> select(Object current, Object root) {
        List<Object> nodes = new ArrayList<>(1);
        nodes.add(relative ? current : root);
        for (Segment segment : segments) {
            List<Object> next = new ArrayList<>();
            for (Object node : nodes) {
                segment.apply(node, root, next);
            }
            nodes = next;
            if (nodes.isEmpty()) {
                break;
            }
        }
        return nodes;
    }

    /** For a singular query: the one value selected, or {@link #NOTHING}; walks without building lists. */
    Object one(Object current, Object root) {
        Object node = relative ? current : root;
        for (Segment segment : segments) {
            switch (segment.selectors()[0]) {
                case Segment.Selector.Name n -> {
                    if (!(node instanceof Map<?, ?> map)) {
                        return NOTHING;
                    }
                    Object v = map.get(n.name());
                    if (v == null && !map.containsKey(n.name())) {
                        return NOTHING;
                    }
                    node = v;
                }
                case Segment.Selector.Index ix -> {
                    if (!(node instanceof List<?> list)) {
                        return NOTHING;
                    }
                    long i = ix.index() < 0 ? list.size() + ix.index() : ix.index();
                    if (i < 0 || i >= list.size()) {
                        return NOTHING;
                    }
                    node = list.get((int) i);
                }
                default -> throw new IllegalStateException("not a singular query");
            }
        }
        return node;
    }
}
