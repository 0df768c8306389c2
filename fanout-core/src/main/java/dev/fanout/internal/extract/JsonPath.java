package dev.fanout.internal.extract;

import java.util.List;

/**
 * A compiled JSONPath query, RFC 9535 in full, over the values {@link JsonTree} reads: {@code $}, {@code .name}
 * and {@code ['name']}, {@code .*} and {@code [*]}, indices {@code [i]} and {@code [-i]}, slices
 * {@code [start:end:step]}, several selectors {@code [a,b]}, descendants {@code ..}, and filters
 * {@code [?@.price < 10 && @.tags]} with comparisons, existence tests, {@code !}, {@code &&}, {@code ||},
 * parentheses and the functions {@code length}, {@code count}, {@code match}, {@code search} and
 * {@code value} (see {@link Function}). What the RFC refuses is refused, with what was expected and where;
 * every case of the JSONPath Compliance Test Suite passes. Beyond the RFC, a query may also start with
 * {@code @} (see {@link #compileLeading}), to be evaluated against a node other than the root.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class JsonPath {
    private final String text;
    private final Query query;

    private JsonPath(String text, Query query) {
        this.text = text;
        this.query = query;
    }

    /** Compiles {@code text}, which must be one query from {@code $}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static JsonPath compile(String text) {
        JsonPathParser p = new JsonPathParser(text);
        Query query = p.query('$');
        p.expectEnd();
        return new JsonPath(text, query);
    }

    /**
     * Compiles the query that {@code text} starts with ({@code $...}, or {@code @...} when {@code relative}
     * is allowed), up to a {@code |} that begins steps outside of any string or filter: the returned path's
     * {@link #toString} is that query, and {@code text.substring(path.toString().length())} is empty or
     * starts with optional blanks and {@code |}. Anything else after the query is refused.
     */
    public static JsonPath compileLeading(String text, boolean allowRelative) {
        JsonPathParser p = new JsonPathParser(text);
        Query query = p.query(allowRelative && text.startsWith("@") ? '@' : '$');
        int end = p.position();
        p.skipSpace();
        if (!p.peek('|')) {
            p.rewind(end);
            p.expectEnd();
        }
        return new JsonPath(text.substring(0, end), query);
    }

    /** Whether the query is singular (names and indices only): it selects at most one value. */
    public boolean singular() {
        return query.singular();
    }

    /** Whether the query starts at the current node ({@code @}) instead of the root. */
    public boolean relative() {
        return query.relative();
    }

    /** The node list selected from {@code root}, in order; empty when nothing matches. */
    public List<Object> select(Object root) {
        return query.select(root, root);
    }

    /** The node list selected, {@code @} standing for {@code current} and {@code $} for {@code root}. */
    public List<Object> select(Object root, Object current) {
        return query.select(current, root);
    }

    /** For a {@link #singular} query: the value selected, or {@code absent} when there is none. */
    public Object selectOne(Object root, Object current, Object absent) {
        Object v = query.one(current, root);
        return v == Query.NOTHING ? absent : v;
    }

    @Override
    public String toString() {
        return text;
    }
}
