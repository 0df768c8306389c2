package dev.fanout.internal.extract;

import java.util.List;
import java.util.Map;

/**
 * One segment of a query (RFC 9535 §2.5): its selectors applied to each input node, in order, and for a
 * descendant segment ({@code ..}) to every node below it too, each node before its descendants.
 */
record Segment(Selector[] selectors, boolean descendant) {
    void apply(Object node, Object root, List<Object> out) {
        for (Selector s : selectors) {
            s.select(node, root, out);
        }
        if (descendant) {
            if (node instanceof Map<?, ?> map) {
                for (Object child : map.values()) {
                    apply(child, root, out);
                }
            } else if (node instanceof List<?> list) {
                for (Object child : list) {
                    apply(child, root, out);
                }
            }
        }
    }

    /** A name or index segment of one selector: what a singular query is made of (§2.3.5.1). */
    boolean singular() {
        return !descendant && selectors.length == 1
                && (selectors[0] instanceof Selector.Name || selectors[0] instanceof Selector.Index);
    }

    /** A selector (§2.3): adds what it selects from {@code node} to {@code out}, in order. */
    sealed interface Selector {
        void select(Object node, Object root, List<Object> out);

        record Name(String name) implements Selector {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof Map<?, ?> map) {
                    Object v = map.get(name);
                    if (v != null || map.containsKey(name)) {
                        out.add(v);
                    }
                }
            }
        }

        record Wildcard() implements Selector {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof Map<?, ?> map) {
                    out.addAll(map.values());
                } else if (node instanceof List<?> list) {
                    out.addAll(list);
                }
            }
        }

        record Index(long index) implements Selector {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof List<?> list) {
                    long i = index < 0 ? list.size() + index : index;
                    if (i >= 0 && i < list.size()) {
                        out.add(list.get((int) i));
                    }
                }
            }
        }

        /** {@code [start:end:step]} with the bounds of §2.3.4.2.2; a step of 0 selects nothing. */
        record Slice(Long start, Long end, long step) implements Selector {
            public void select(Object node, Object root, List<Object> out) {
                if (!(node instanceof List<?> list) || step == 0) {
                    return;
                }
                long n = list.size();
                if (step > 0) {
                    long lo = clamp(start == null ? 0 : normal(start, n), 0, n);
                    long hi = clamp(end == null ? n : normal(end, n), 0, n);
                    for (long i = lo; i < hi; i += step) {
                        out.add(list.get((int) i));
                    }
                } else {
                    long hi = clamp(start == null ? n - 1 : normal(start, n), -1, n - 1);
                    long lo = clamp(end == null ? -n - 1 : normal(end, n), -1, n - 1);
                    for (long i = hi; i > lo; i += step) {
                        out.add(list.get((int) i));
                    }
                }
            }

            private static long normal(long i, long n) {
                return i >= 0 ? i : n + i;
            }

            private static long clamp(long i, long lo, long hi) {
                return Math.min(Math.max(i, lo), hi);
            }
        }

        /** {@code [?test]}: the children (array items, member values) for which the test holds. */
        record Filter(Filters.Test test) implements Selector {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof Map<?, ?> map) {
                    for (Object child : map.values()) {
                        if (test.test(child, root)) {
                            out.add(child);
                        }
                    }
                } else if (node instanceof List<?> list) {
                    for (Object child : list) {
                        if (test.test(child, root)) {
                            out.add(child);
                        }
                    }
                }
            }
        }
    }
}
