package dev.fanout.extract;

import com.fasterxml.jackson.core.JsonPointer;
import dev.fanout.internal.extract.JsonPath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to take from a response body, written as text:
 * <ul>
 *   <li>{@code $.chart.result[0].meta.regularMarketPrice} — JSONPath (RFC 9535 in full, functions included,
 *       see {@link JsonPath}); one starting with {@code @} is relative to the current item (see
 *       {@link Body#at}), which is the whole document when there is none;</li>
 *   <li>{@code /chart/result/0/meta} — JSON Pointer (RFC 6901);</li>
 *   <li>{@code css:title}, {@code css:a@href}, {@code css:a@abs:href}, {@code css:div.post@html} — a CSS
 *       selector on HTML, taking each element's text or an attribute;</li>
 *   <li>{@code re:price: (\d+)} — a regular expression on the body as text, taking group 1 when there is one,
 *       else the whole match;</li>
 *   <li>{@code header:ETag}, {@code link:next} — a response header, or the target of an RFC 8288 Link
 *       ({@link HeaderQuery}); these read no body;</li>
 * </ul>
 * followed by any formatting {@linkplain Step steps}: {@code $.price | round(2)}.
 *
 * <p>As a field, a singular JSONPath (names and indices only) or a JSON Pointer gives its value or null; any
 * other JSONPath gives the list of values it selects; a CSS or regex query gives its first match or null
 * ({@code | all} for every match). As a follow, every value selected counts.
 *
 * <p>Immutable and thread-safe; a malformed expression fails at {@link #parse} with a message saying why.
 */
public final class Expression {
    /** The query languages. */
    public enum Language { JSONPATH, JSON_POINTER, CSS, REGEX, HEADER }

    private final String text;
    private final Language language;
    private final JsonPath jsonPath;
    private final JsonPointer pointer;
    private final Css css;
    private final Pattern regex;
    private final List<Step> steps;
    /** A {@code header:} or {@code link:} query (the response's headers, not its body), or null. */
    private HeaderQuery header;

    private Expression(String text, Language language, JsonPath jsonPath, JsonPointer pointer, Css css, Pattern regex,
                       List<Step> steps) {
        this.text = text;
        this.language = language;
        this.jsonPath = jsonPath;
        this.pointer = pointer;
        this.css = css;
        this.regex = regex;
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses {@code text}; an {@link IllegalArgumentException} says what is wrong and where. A JSONPath is
     * read as RFC 9535 says, so no blank may start or end it; its steps begin at the first {@code |} outside
     * of its strings and filters.
     */
    public static Expression parse(String text) {
        List<Step> steps = new ArrayList<>();
        if (text.startsWith("$") || text.startsWith("@")) {
            JsonPath path = JsonPath.compileLeading(text, true);
            Step.parseFrom(text, path.toString().length(), steps);
            return new Expression(text, Language.JSONPATH, path, null, null, null, steps);
        }
        String query = Step.splitOff(text, steps);
        if (query.startsWith("$") || query.startsWith("@")) {
            throw new IllegalArgumentException("JSONPath " + text + ": whitespace may not start a query at position 1");
        }
        if (query.startsWith("/")) {
            try {
                return new Expression(text, Language.JSON_POINTER, null, JsonPointer.compile(query), null, null, steps);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JSON Pointer " + query + ": " + e.getMessage());
            }
        }
        if (HeaderQuery.isHeaderQuery(query)) {
            Expression e = new Expression(text, Language.HEADER, null, null, null, null, steps);
            e.header = HeaderQuery.parse(query);
            return e;
        }
        if (query.startsWith("css:")) {
            return new Expression(text, Language.CSS, null, null, Css.compile(query.substring(4)), null, steps);
        }
        if (query.startsWith("re:")) {
            try {
                return new Expression(text, Language.REGEX, null, null, null, Pattern.compile(query.substring(3)), steps);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("re:" + e.getPattern() + ": " + e.getDescription());
            }
        }
        throw new IllegalArgumentException("'" + text + "': an expression starts with $ (JSONPath), / (JSON Pointer), css: or re: (or header:NAME, link:REL for response headers)");
    }

    public Language language() {
        return language;
    }

    /** Whether this is a JSONPath starting with {@code @}: it reads the current item (see {@link Body#at}). */
    public boolean relative() {
        return jsonPath != null && jsonPath.relative();
    }

    /** Whether the query selects at most one value: a JSONPath of names and indices only, or a JSON Pointer. */
    public boolean singular() {
        return language == Language.JSON_POINTER || (jsonPath != null && jsonPath.singular());
    }

    /** Whether this expression reads the response's headers only (then an empty body is no obstacle). */
    public boolean readsHeaders() {
        return language == Language.HEADER;
    }

    /** The value for a field: one value or null, or a list (see the class comment), after the steps. */
    public Object value(Body body) throws ExtractException {
        Object v = switch (language) {
            case JSONPATH -> {
                Object root = body.json();
                Object current = body.current(root);
                yield jsonPath.singular() ? jsonPath.selectOne(root, current, null) : jsonPath.select(root, current);
            }
            case JSON_POINTER -> pointAt(body.json());
            case CSS -> firstUnlessAll(css.select(body));
            case REGEX -> firstUnlessAll(matches(body));
            case HEADER -> header.value(body, hasListStep());
        };
        return applySteps(v);
    }

    /**
     * Every value the query selects, in order: for a JSONPath its node list as RFC 9535 defines it (so a
     * singular query that selects an array gives one node, the array); for a JSON Pointer none or one; for
     * CSS and regex queries every match. Steps, if any, apply to that list, and a step that gives one value
     * ({@code | count}) gives a list of that value.
     */
    public List<Object> nodes(Body body) throws ExtractException {
        List<Object> found = switch (language) {
            case JSONPATH -> {
                Object root = body.json();
                yield jsonPath.select(root, body.current(root));
            }
            case JSON_POINTER -> {
                Object at = pointAt(body.json());
                yield at == NOTHING ? List.of() : Collections.singletonList(at);
            }
            case CSS -> css.select(body);
            case REGEX -> matches(body);
            case HEADER -> header.select(body);
        };
        if (steps.isEmpty()) {
            return found;
        }
        Object stepped = applySteps(found);
        @SuppressWarnings("unchecked")
        List<Object> list = stepped instanceof List<?> l ? (List<Object>) l : Collections.singletonList(stepped);
        return list;
    }

    /**
     * Every value to follow: all the query selects, after the steps, with lists flattened one level (so
     * {@code $.kids} follows each kid) and nulls, booleans and objects left out.
     */
    public List<Object> values(Body body) throws ExtractException {
        Object v = switch (language) {
            case JSONPATH -> {
                Object root = body.json();
                yield jsonPath.select(root, body.current(root));
            }
            case JSON_POINTER -> {
                Object at = pointAt(body.json());
                yield at == NOTHING ? List.of() : List.of(at);
            }
            case CSS -> css.select(body);
            case REGEX -> matches(body);
            case HEADER -> header.select(body);
        };
        Object stepped = applySteps(v);
        List<Object> out = new ArrayList<>();
        for (Object item : stepped instanceof List<?> l ? l : Collections.singletonList(stepped)) {
            if (item instanceof List<?> inner) {
                inner.forEach(x -> addFollowable(out, x));
            } else {
                addFollowable(out, item);
            }
        }
        return out;
    }

    private static void addFollowable(List<Object> out, Object v) {
        if (v != null && !(v instanceof Boolean) && !(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
            out.add(v);
        }
    }

    private Object firstUnlessAll(List<Object> all) {
        return hasListStep() ? all : all.isEmpty() ? null : all.get(0);
    }

    private boolean hasListStep() {
        for (Step s : steps) {
            if (s.isListStep()) {
                return true;
            }
        }
        return false;
    }

    private Object applySteps(Object v) throws ExtractException {
        for (Step s : steps) {
            v = s.apply(v == NOTHING ? null : v);
        }
        return v == NOTHING ? null : v;
    }

    private static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "nothing";
        }
    };

    private Object pointAt(Object root) {
        Object node = root;
        JsonPointer p = pointer;
        while (!p.matches()) {
            if (node instanceof Map<?, ?> map && map.containsKey(p.getMatchingProperty())) {
                node = map.get(p.getMatchingProperty());
            } else if (node instanceof List<?> list && p.getMatchingIndex() >= 0 && p.getMatchingIndex() < list.size()) {
                node = list.get(p.getMatchingIndex());
            } else {
                return NOTHING;
            }
            p = p.tail();
        }
        return node;
    }

    private List<Object> matches(Body body) {
        Matcher m = regex.matcher(body.text());
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.groupCount() >= 1 ? m.group(1) : m.group());
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
