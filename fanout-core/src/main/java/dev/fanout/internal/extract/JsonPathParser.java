package dev.fanout.internal.extract;

import dev.fanout.internal.extract.Filters.Test;
import dev.fanout.internal.extract.Segment.Selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the grammar of RFC 9535 (§2, Appendix A) and checks the types of function expressions (§2.4.3), so
 * that every query it accepts is well-formed and well-typed and every other is refused with what was
 * expected and where. Whitespace is only the four characters the RFC allows, and only where it allows it.
 */
final class JsonPathParser extends JsonPathScanner {
    JsonPathParser(String s) {
        super(s);
    }

    /** A query starting with {@code root} ('$' or '@') at the current position, up to what cannot continue it. */
    Query query(char root) {
        if (!eat(root)) {
            throw error("a query starts with '" + root + "'");
        }
        List<Segment> segments = new ArrayList<>();
        while (true) {
            int save = pos;
            skipSpace();
            if (peek('.') || peek('[')) {
                segments.add(segment());
            } else {
                pos = save;
                return Query.of(root == '@', segments);
            }
        }
    }

    /** Fails unless the whole text was read; whitespace may not end a query. */
    void expectEnd() {
        if (pos == s.length()) {
            return;
        }
        int at = pos;
        skipSpace();
        if (pos == s.length()) {
            throw error("whitespace may not end a query", at);
        }
        throw error("unexpected '" + s.charAt(pos) + "'");
    }

    private Segment segment() {
        if (peek('[')) {
            return new Segment(bracket(), false);
        }
        pos++; // '.'
        boolean descendant = eat('.');
        if (descendant && peek('[')) {
            return new Segment(bracket(), true);
        }
        if (eat('*')) {
            return new Segment(new Selector[] {new Selector.Wildcard()}, descendant);
        }
        return new Segment(new Selector[] {new Selector.Name(dotName(descendant))}, descendant);
    }

    /** A member-name-shorthand: a letter, '_' or non-ASCII character, then those or digits. */
    private String dotName(boolean descendant) {
        int start = pos;
        while (pos < s.length() && isNameChar(s.codePointAt(pos), pos == start)) {
            pos += Character.charCount(s.codePointAt(pos));
        }
        if (start == pos) {
            throw error(pos < s.length() && isDigit(s.charAt(pos))
                    ? "expected a member name, which cannot start with a digit: write [" + s.charAt(pos) + "] for an index or ['…'] for a name"
                    : descendant ? "expected a member name, * or [ after '..'" : "expected a member name or * after '.'");
        }
        return s.substring(start, pos);
    }

    /**
     * RFC 9535's name-first and name-char, plus '-' and '$' after the first character: names like
     * {@code x-request-id} are everywhere in HTTP, JSONPath has no arithmetic for a '-' to mean, and fanout
     * took them before it followed the RFC to the letter (the suite has no case against them).
     */
    private static boolean isNameChar(int c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
                || (!first && (c >= '0' && c <= '9' || c == '-' || c == '$'))
                || (c >= 0x80 && !(c >= 0xD800 && c <= 0xDFFF));
    }

    private Selector[] bracket() {
        pos++; // '['
        List<Selector> selectors = new ArrayList<>(2);
        skipSpace();
        while (true) {
            selectors.add(selector());
            skipSpace();
            if (!eat(',')) {
                break;
            }
            skipSpace();
        }
        if (!eat(']')) {
            throw error(pos < s.length() ? "expected ',' or ']' but found '" + s.charAt(pos) + "'" : "expected ']' but the query ended");
        }
        return selectors.toArray(new Selector[0]);
    }

    private Selector selector() {
        if (eat('*')) {
            return new Selector.Wildcard();
        }
        if (peek('\'') || peek('"')) {
            return new Selector.Name(string());
        }
        if (eat('?')) {
            skipSpace();
            return new Selector.Filter(logical());
        }
        Long start = integerAhead() ? integer() : null;
        int save = pos;
        skipSpace();
        if (!eat(':')) {
            pos = save;
            if (start == null) {
                throw error("expected a name, index, slice, * or filter");
            }
            return new Selector.Index(start);
        }
        skipSpace();
        Long end = integerAhead() ? integer() : null;
        save = pos;
        skipSpace();
        Long step = null;
        if (eat(':')) {
            skipSpace();
            step = integerAhead() ? integer() : null;
        } else {
            pos = save;
        }
        return new Selector.Slice(start, end, step == null ? 1 : step);
    }

    // ---- filters (§2.3.5) ----

    private Test logical() {
        return orRest(and());
    }

    private Test orRest(Test first) {
        if (!opAhead("||")) {
            return first;
        }
        List<Test> parts = new ArrayList<>(List.of(first));
        while (eatOp("||")) {
            parts.add(and());
        }
        return new Filters.Or(parts.toArray(new Test[0]));
    }

    private Test and() {
        return andRest(basic());
    }

    private Test andRest(Test first) {
        if (!opAhead("&&")) {
            return first;
        }
        List<Test> parts = new ArrayList<>(List.of(first));
        while (eatOp("&&")) {
            parts.add(basic());
        }
        return new Filters.And(parts.toArray(new Test[0]));
    }

    private Test basic() {
        if (eat('!')) {
            skipSpace();
            if (peek('(')) {
                return new Filters.Not(paren());
            }
            int at = pos;
            return new Filters.Not(test(primary(), at));
        }
        if (peek('(')) {
            return paren();
        }
        int at = pos;
        return basicRest(primary(), at);
    }

    /** After a first operand: a comparison with a second, or the operand alone as a test. */
    private Test basicRest(Object left, int at) {
        Filters.Op op = comparison();
        if (op == null) {
            return test(left, at);
        }
        skipSpace();
        int rightAt = pos;
        Object right = primary();
        return new Filters.Compare(comparable(left, at), op, comparable(right, rightAt));
    }

    private Test paren() {
        pos++; // '('
        skipSpace();
        Test inner = logical();
        skipSpace();
        if (!eat(')')) {
            throw error(pos < s.length() ? "expected ')' but found '" + s.charAt(pos) + "'" : "expected ')' but the query ended");
        }
        return inner;
    }

    private Filters.Op comparison() {
        int save = pos;
        skipSpace();
        for (Filters.Op op : Filters.Op.values()) {
            if (s.startsWith(op.text, pos)) {
                pos += op.text.length();
                return op;
            }
        }
        if (peek('=')) {
            throw error("use == to compare, not =");
        }
        pos = save;
        return null;
    }

    /** An operand as a test (§2.3.5.1 test-expr): a query (does it select anything?) or a logical function. */
    private Test test(Object operand, int at) {
        return switch (operand) {
            case Query q -> new Filters.Exists(q);
            case Call c when c.function.result != Function.Type.VALUE -> (Test) c.node;
            case Call c -> throw error(c.function.text + "() gives a value, not a test: compare it, e.g. "
                    + c.function.text + "(…) > 0", at);
            default -> throw error("a literal alone is not a test; compare it with ==, !=, <, <=, > or >=", at);
        };
    }

    /** An operand of a comparison (§2.3.5.1 comparable): a literal, a singular query or a function giving a value. */
    private Filters.Value comparable(Object operand, int at) {
        return switch (operand) {
            case Filters.Literal l -> l;
            case Query q when q.singular() -> new Filters.Singular(q);
            case Query q -> throw error("a query compared with == != < <= > >= must select at most one value"
                    + " (names and indices only, no *, .., slices, filters or lists)", at);
            case Call c when c.function.result == Function.Type.VALUE -> (Filters.Value) c.node;
            case Call c -> throw error(c.function.text + "() gives true or false, which cannot be compared: use it alone as a test", at);
            default -> throw new IllegalStateException(String.valueOf(operand));
        };
    }

    /** A function call as parsed: its function and the node evaluating it ({@link Filters.Call} or {@link Filters.Regex}). */
    private record Call(Function function, Object node) {
    }

    /** A literal ({@link Filters.Literal}), a {@link Query} or a function {@link Call}. */
    private Object primary() {
        if (peek('@') || peek('$')) {
            return query(s.charAt(pos));
        }
        if (peek('\'') || peek('"')) {
            return new Filters.Literal(string());
        }
        if (peek('-') || (pos < s.length() && isDigit(s.charAt(pos)))) {
            return new Filters.Literal(number());
        }
        int start = pos;
        while (pos < s.length() && (isLower(s.charAt(pos)) || (pos > start && (isDigit(s.charAt(pos)) || s.charAt(pos) == '_')))) {
            pos++;
        }
        String word = s.substring(start, pos);
        if (peek('(') && !word.isEmpty()) {
            return call(word, start);
        }
        switch (word) {
            case "true" -> {
                return new Filters.Literal(Boolean.TRUE);
            }
            case "false" -> {
                return new Filters.Literal(Boolean.FALSE);
            }
            case "null" -> {
                return new Filters.Literal(null);
            }
            default -> {
                int save = pos;
                skipSpace();
                boolean spaced = !word.isEmpty() && peek('(');
                pos = start;
                throw error(spaced ? "no space may come between a function's name and '('" : PRIMARY, spaced ? save : start);
            }
        }
    }

    private Call call(String name, int at) {
        Function f = Function.named(name);
        if (f == null) {
            throw error("unknown function " + name + "(); the functions are " + Function.names(), at);
        }
        pos++; // '('
        skipSpace();
        List<Object> args = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (!peek(')')) {
            while (true) {
                positions.add(pos);
                args.add(argument());
                skipSpace();
                if (!eat(',')) {
                    break;
                }
                skipSpace();
            }
        }
        if (!eat(')')) {
            throw error(pos < s.length() ? "expected ',' or ')' but found '" + s.charAt(pos) + "'" : "expected ')' but the query ended");
        }
        if (args.size() != f.params.length) {
            throw error(name + "() takes " + f.params.length + (f.params.length == 1 ? " argument" : " arguments")
                    + ", not " + args.size(), at);
        }
        Object[] typed = new Object[args.size()];
        for (int i = 0; i < typed.length; i++) {
            typed[i] = argument(f, f.params[i], args.get(i), positions.get(i));
        }
        if ((f == Function.MATCH || f == Function.SEARCH) && typed[1] instanceof Filters.Literal regex) {
            // a literal pattern is compiled once; one that is no I-Regexp (or no string) matches nothing
            var pattern = regex.literal() instanceof String r ? IRegexp.compile(r) : null;
            return new Call(f, new Filters.Regex((Filters.Value) typed[0], pattern, f == Function.MATCH));
        }
        return new Call(f, new Filters.Call(f, typed));
    }

    /** A function argument (§2.4): a literal, a query, a function call, or a logical expression ({@link Test}). */
    private Object argument() {
        int at = pos;
        if (peek('!') || peek('(')) {
            return logical();
        }
        Object operand = primary();
        int save = pos;
        skipSpace();
        boolean logical = s.startsWith("&&", pos) || s.startsWith("||", pos) || s.startsWith("==", pos)
                || s.startsWith("!=", pos) || peek('<') || peek('>');
        pos = save;
        return logical ? orRest(andRest(basicRest(operand, at))) : operand;
    }

    /** Checks an argument against its parameter's type (§2.4.3) and converts it to what evaluates it. */
    private Object argument(Function f, Function.Type type, Object arg, int at) {
        String fn = f.text + "()";
        return switch (type) {
            case VALUE -> switch (arg) {
                case Filters.Literal l -> l;
                case Query q when q.singular() -> new Filters.Singular(q);
                case Query q -> throw error(fn + " needs one value here, and this query may select several"
                        + " (names and indices only, no *, .., slices, filters or lists)", at);
                case Call c when c.function.result == Function.Type.VALUE -> c.node;
                default -> throw error(fn + " needs a value here, not true or false", at);
            };
            case NODES -> switch (arg) {
                case Query q -> new Filters.Exists(q);
                case Call c when c.function.result == Function.Type.NODES -> c.node;
                default -> throw error(fn + " needs a query here, e.g. " + fn.replace(")", "@.items[*])"), at);
            };
            case LOGICAL -> switch (arg) {
                case Test t -> t;
                case Query q -> new Filters.Exists(q);
                case Call c when c.function.result != Function.Type.VALUE -> c.node;
                default -> throw error(fn + " needs a test here", at);
            };
        };
    }

}
