package dev.fanout.internal.extract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of a filter expression (RFC 9535 §2.3.5), built by the parser once its types are checked. Each
 * is evaluated against the current node ({@code @}) and the root ({@code $}). Immutable.
 */
final class Filters {
    private Filters() {
    }

    /** A logical expression: true or false for the current node. */
    interface Test {
        boolean test(Object current, Object root);
    }

    /** Something with a value: a literal, a singular query or a function of value type; may be {@link Query#NOTHING}. */
    interface Value {
        Object value(Object current, Object root);
    }

    /** A node list: a query given to a function of nodes type. */
    interface Nodes {
        List<Object> nodes(Object current, Object root);
    }

    record Or(Test[] parts) implements Test {
        public boolean test(Object current, Object root) {
            for (Test t : parts) {
                if (t.test(current, root)) {
                    return true;
                }
            }
            return false;
        }
    }

    record And(Test[] parts) implements Test {
        public boolean test(Object current, Object root) {
            for (Test t : parts) {
                if (!t.test(current, root)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Not(Test inner) implements Test {
        public boolean test(Object current, Object root) {
            return !inner.test(current, root);
        }
    }

    /** A query as a test: true when it selects at least one node. */
    record Exists(Query query) implements Test, Nodes {
        public boolean test(Object current, Object root) {
            return !query.select(current, root).isEmpty();
        }

        public List<Object> nodes(Object current, Object root) {
            return query.select(current, root);
        }
    }

    record Literal(Object literal) implements Value {
        public Object value(Object current, Object root) {
            return literal;
        }
    }

    record Singular(Query query) implements Value {
        public Object value(Object current, Object root) {
            return query.one(current, root);
        }
    }

    enum Op {
        EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    record Compare(Value left, Op op, Value right) implements Test {
        public boolean test(Object current, Object root) {
            Object a = left.value(current, root);
            Object b = right.value(current, root);
            return switch (op) {
                case EQ -> JsonValues.equal(a, b);
                case NE -> !JsonValues.equal(a, b);
                case LT -> JsonValues.less(a, b);
                case LE -> JsonValues.less(a, b) || JsonValues.equal(a, b);
                case GT -> JsonValues.less(b, a);
                case GE -> JsonValues.less(b, a) || JsonValues.equal(a, b);
            };
        }
    }

    /**
     * A function call; each argument is a {@link Value}, {@link Nodes} or {@link Test} as its parameter's
     * declared type says. As a test, a nodes result is true when not empty (§2.4.2).
     */
    record Call(Function function, Object[] args) implements Value, Test {
        public Object value(Object current, Object root) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = switch (function.params[i]) {
                    case VALUE -> ((Value) args[i]).value(current, root);
                    case NODES -> ((Nodes) args[i]).nodes(current, root);
                    case LOGICAL -> ((Test) args[i]).test(current, root);
                };
            }
            return function.apply(values);
        }

        public boolean test(Object current, Object root) {
            Object v = value(current, root);
            return v instanceof Boolean b ? b : v instanceof List<?> l && !l.isEmpty();
        }
    }

    /** {@code match} or {@code search} with a literal pattern, compiled once (null when it is not an I-Regexp). */
    record Regex(Value subject, Pattern pattern, boolean whole) implements Test {
        public boolean test(Object current, Object root) {
            return subject.value(current, root) instanceof String s && Function.matches(pattern, s, whole);
        }
    }
}
