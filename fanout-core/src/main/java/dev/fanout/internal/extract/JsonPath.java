package dev.fanout.internal.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled JSONPath query (RFC 9535) over the values {@link JsonTree} reads. Supported: {@code $}, {@code @}
 * in filters, {@code .name}, {@code ['name']}, {@code .*} and {@code [*]}, {@code [i]} and {@code [-i]},
 * slices {@code [start:end:step]}, unions {@code [a,b]}, descendants {@code ..name}, and filters
 * {@code [?@.price < 10 && @.tags]} with comparisons, existence tests, {@code !}, {@code &&}, {@code ||} and
 * parentheses (the older {@code [?(...)]} form too). Function extensions are not supported.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class JsonPath {
    private final String text;
    private final List<Segment> segments;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Compiles {@code text}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static JsonPath compile(String text) {
        Parser p = new Parser(text);
        JsonPath path = new JsonPath(text, p.query('$'));
        p.expectEnd();
        return path;
    }

    /** Whether the query selects at most one value (names and indices only), so a field holds it directly. */
    public boolean singular() {
        for (Segment s : segments) {
            if (s.descendant || s.selectors.size() != 1
                    || !(s.selectors.get(0) instanceof Name || s.selectors.get(0) instanceof Index)) {
                return false;
            }
        }
        return true;
    }

    /** The values selected from {@code root}, in document order; empty when nothing matches. */
    public List<Object> select(Object root) {
        return select(segments, root, root);
    }

    private static List<Object> select(List<Segment> segments, Object start, Object root) {
        List<Object> nodes = new ArrayList<>(1);
        nodes.add(start);
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

    @Override
    public String toString() {
        return text;
    }

    // ---- the query model ----

    private record Segment(List<Selector> selectors, boolean descendant) {
        void apply(Object node, Object root, List<Object> out) {
            for (Selector s : selectors) {
                s.select(node, root, out);
            }
            if (descendant) {
                for (Object child : children(node)) {
                    apply(child, root, out);
                }
            }
        }
    }

    private static Iterable<Object> children(Object node) {
        if (node instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Iterable<Object> values = (Iterable<Object>) map.values();
            return values;
        }
        if (node instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            Iterable<Object> items = (Iterable<Object>) list;
            return items;
        }
        return List.of();
    }

    private sealed interface Selector permits Name, Wildcard, Index, Slice, Filter {
        void select(Object node, Object root, List<Object> out);
    }

    private record Name(String name) implements Selector {
        public void select(Object node, Object root, List<Object> out) {
            if (node instanceof Map<?, ?> map && map.containsKey(name)) {
                out.add(map.get(name));
            }
        }
    }

    private record Wildcard() implements Selector {
        public void select(Object node, Object root, List<Object> out) {
            children(node).forEach(out::add);
        }
    }

    private record Index(long index) implements Selector {
        public void select(Object node, Object root, List<Object> out) {
            if (node instanceof List<?> list) {
                long i = index < 0 ? list.size() + index : index;
                if (i >= 0 && i < list.size()) {
                    out.add(list.get((int) i));
                }
            }
        }
    }

    private record Slice(Long start, Long end, long step) implements Selector {
        public void select(Object node, Object root, List<Object> out) {
            if (!(node instanceof List<?> list) || step == 0) {
                return;
            }
            long n = list.size();
            if (step > 0) {
                long lo = bound(start == null ? 0 : start, n);
                long hi = bound(end == null ? n : end, n);
                for (long i = lo; i < hi; i += step) {
                    out.add(list.get((int) i));
                }
            } else {
                long hi = start == null ? n - 1 : Math.min(normal(start, n), n - 1);
                long lo = end == null ? -1 : Math.max(normal(end, n), -1);
                for (long i = hi; i > lo; i += step) {
                    out.add(list.get((int) i));
                }
            }
        }

        private static long normal(long i, long n) {
            return i >= 0 ? i : n + i;
        }

        private static long bound(long i, long n) {
            return Math.min(Math.max(normal(i, n), 0), n);
        }
    }

    private record Filter(Expr test) implements Selector {
        public void select(Object node, Object root, List<Object> out) {
            for (Object child : children(node)) {
                if (test.test(child, root)) {
                    out.add(child);
                }
            }
        }
    }

    // ---- filter expressions ----

    private sealed interface Expr permits Or, And, Not, Exists, Compare {
        boolean test(Object current, Object root);
    }

    private record Or(List<Expr> parts) implements Expr {
        public boolean test(Object current, Object root) {
            for (Expr e : parts) {
                if (e.test(current, root)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record And(List<Expr> parts) implements Expr {
        public boolean test(Object current, Object root) {
            for (Expr e : parts) {
                if (!e.test(current, root)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Not(Expr inner) implements Expr {
        public boolean test(Object current, Object root) {
            return !inner.test(current, root);
        }
    }

    private record Exists(Query query) implements Expr {
        public boolean test(Object current, Object root) {
            return !query.select(current, root).isEmpty();
        }
    }

    /** A query inside a filter: relative to the current node ({@code @}) or to the root ({@code $}). */
    private record Query(boolean relative, List<Segment> segments) {
        List<Object> select(Object current, Object root) {
            return JsonPath.select(segments, relative ? current : root, root);
        }
    }

    /** A comparison operand: a literal, or a query that must select at most one value. */
    private record Operand(Object literal, Query query) {
        /** The operand's value, or {@link #NOTHING} when its query selects none. */
        Object value(Object current, Object root) {
            if (query == null) {
                return literal;
            }
            List<Object> found = query.select(current, root);
            return found.size() == 1 ? found.get(0) : NOTHING;
        }
    }

    private static final Object NOTHING = new Object();

    private record Compare(Operand left, String op, Operand right) implements Expr {
        public boolean test(Object current, Object root) {
            Object a = left.value(current, root);
            Object b = right.value(current, root);
            return switch (op) {
                case "==" -> same(a, b);
                case "!=" -> !same(a, b);
                case "<" -> less(a, b);
                case "<=" -> less(a, b) || same(a, b);
                case ">" -> less(b, a);
                case ">=" -> less(b, a) || same(a, b);
                default -> throw new IllegalStateException(op);
            };
        }

        private static boolean same(Object a, Object b) {
            if (a == NOTHING || b == NOTHING) {
                return a == b;
            }
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x != null && y != null) {
                return x.compareTo(y) == 0;
            }
            return Objects.equals(a, b);
        }

        private static boolean less(Object a, Object b) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x != null && y != null) {
                return x.compareTo(y) < 0;
            }
            return a instanceof String s && b instanceof String t && s.compareTo(t) < 0;
        }

        private static BigDecimal number(Object v) {
            return switch (v) {
                case BigDecimal d -> d;
                case Long l -> BigDecimal.valueOf(l);
                case BigInteger i -> new BigDecimal(i);
                case null, default -> null;
            };
        }
    }

    // ---- the parser ----

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSONPath " + s + ": " + what + " at position " + (pos + 1));
        }

        void expectEnd() {
            skipSpace();
            if (pos < s.length()) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
        }

        List<Segment> query(char rootChar) {
            if (!eat(rootChar)) {
                throw error("a query starts with '" + rootChar + "'");
            }
            List<Segment> segments = new ArrayList<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '.') {
                    pos++;
                    boolean descendant = eat('.');
                    if (descendant && peek('[')) {
                        segments.add(new Segment(bracket(), true));
                    } else if (eat('*')) {
                        segments.add(new Segment(List.of(new Wildcard()), descendant));
                    } else {
                        segments.add(new Segment(List.of(new Name(dotName())), descendant));
                    }
                } else if (c == '[') {
                    segments.add(new Segment(bracket(), false));
                } else {
                    break;
                }
            }
            return segments;
        }

        private String dotName() {
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a member name");
            }
            return s.substring(start, pos);
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c >= 0x80;
        }

        private List<Selector> bracket() {
            expect('[');
            List<Selector> selectors = new ArrayList<>();
            do {
                skipSpace();
                selectors.add(selector());
                skipSpace();
            } while (eat(','));
            expect(']');
            return selectors;
        }

        private Selector selector() {
            if (eat('*')) {
                return new Wildcard();
            }
            if (peek('\'') || peek('"')) {
                return new Name(string());
            }
            if (eat('?')) {
                skipSpace();
                return new Filter(or());
            }
            Long first = peekInteger() ? integer() : null;
            skipSpace();
            if (!eat(':')) {
                if (first == null) {
                    throw error("expected a name, index, slice, * or filter");
                }
                return new Index(first);
            }
            skipSpace();
            Long end = peekInteger() ? integer() : null;
            skipSpace();
            long step = 1;
            if (eat(':')) {
                skipSpace();
                step = peekInteger() ? integer() : 1;
            }
            return new Slice(first, end, step);
        }

        private Expr or() {
            List<Expr> parts = new ArrayList<>(List.of(and()));
            while (eatOp("||")) {
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        private Expr and() {
            List<Expr> parts = new ArrayList<>(List.of(unary()));
            while (eatOp("&&")) {
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        private Expr unary() {
            skipSpace();
            if (eat('!')) {
                return new Not(unary());
            }
            if (eat('(')) {
                Expr inner = or();
                skipSpace();
                expect(')');
                return inner;
            }
            Operand left = operand();
            skipSpace();
            String op = comparison();
            if (op == null) {
                if (left.query() == null) {
                    throw error("a literal alone is not a test; compare it with ==, !=, <, <=, > or >=");
                }
                return new Exists(left.query());
            }
            skipSpace();
            return new Compare(left, op, operand());
        }

        private String comparison() {
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (s.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            return null;
        }

        private Operand operand() {
            skipSpace();
            if (peek('@') || peek('$')) {
                boolean relative = peek('@');
                return new Operand(null, new Query(relative, query(relative ? '@' : '$')));
            }
            if (peek('\'') || peek('"')) {
                return new Operand(string(), null);
            }
            for (var word : new Object[][] {{"true", Boolean.TRUE}, {"false", Boolean.FALSE}, {"null", null}}) {
                String w = (String) word[0];
                if (s.startsWith(w, pos)) {
                    pos += w.length();
                    return new Operand(word[1], null);
                }
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return new Operand(new BigDecimal(s.substring(start, pos)), null);
            } catch (NumberFormatException e) {
                pos = start;
                if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                    throw error("functions are not supported");
                }
                throw error("expected @, $, a string, a number, true, false or null");
            }
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (pos + 4 > s.length()) {
                                throw error("bad \\u escape");
                            }
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            if (pos >= s.length()) {
                throw error("unclosed string");
            }
            pos++;
            return sb.toString();
        }

        private boolean peekInteger() {
            return pos < s.length() && (Character.isDigit(s.charAt(pos))
                    || (s.charAt(pos) == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))));
        }

        private long integer() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            try {
                return Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("index out of range");
            }
        }

        private boolean eatOp(String op) {
            skipSpace();
            if (s.startsWith(op, pos)) {
                pos += op.length();
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private boolean eat(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!eat(c)) {
                throw error(pos < s.length() ? "expected '" + c + "' but found '" + s.charAt(pos) + "'" : "expected '" + c + "' but the query ended");
            }
        }
    }
}
