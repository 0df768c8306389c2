package dev.fanout.source;

import dev.fanout.Headers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the request source of a bulk run from what the user gave: URLs, or one URL template with its
 * parameters, plus lines (from a file or standard input), a method, headers and a body. Everything that can
 * be checked before the first request is checked here and reported as an {@link IllegalArgumentException}
 * with a one-line message naming the input.
 */
public final class RequestSources {
    /** The name under which the anonymous {@code {}} value is recorded. */
    public static final String ANONYMOUS_DISPLAY_NAME = "value";

    private RequestSources() {
    }

    static String displayName(String name) {
        return name.isEmpty() ? ANONYMOUS_DISPLAY_NAME : name;
    }

    /**
     * What to build a source from.
     *
     * @param urls    URLs, or exactly one URL template
     * @param headers "Name: value" strings; values may hold placeholders
     * @param body    the body (may hold placeholders), or null
     * @param params  named template parameters
     * @param lines   input lines: URLs, or the values of {@code {}}; null when none were given
     * @param rows    a table whose rows fill the template's {@code {column}} placeholders, one request per row
     *                (times every combination of {@code params}); null when none was given
     * @param names   how messages name these inputs ({@link InputNames#LIBRARY} unless a command line words them)
     */
    public record Spec(String method, List<String> urls, List<String> headers, String body, List<Param> params,
                       ValueSource lines, RowSource rows, InputNames names) {

        public Spec(String method, List<String> urls, List<String> headers, String body, List<Param> params,
                    ValueSource lines, RowSource rows) {
            this(method, urls, headers, body, params, lines, rows, InputNames.LIBRARY);
        }

        public Spec(String method, List<String> urls, List<String> headers, String body, List<Param> params, ValueSource lines) {
            this(method, urls, headers, body, params, lines, null);
        }

        /** This spec with its requests made from the rows of {@code table} instead of input lines. */
        public Spec withRows(RowSource table) {
            return new Spec(method, urls, headers, body, params, null, table, names);
        }

        /** This spec with its messages naming the inputs as {@code wording} does. */
        public Spec withNames(InputNames wording) {
            return new Spec(method, urls, headers, body, params, lines, rows, wording);
        }
    }

    /** Whether these inputs describe a template run rather than plain URLs. */
    public static boolean isTemplate(Spec spec) {
        if (!spec.params().isEmpty() || spec.rows() != null) {
            return true;
        }
        if (spec.urls().size() != 1) {
            return false;
        }
        return !preview(spec, spec.urls().get(0)).placeholders().isEmpty();
    }

    public static RequestSource build(Spec spec) {
        if (spec.rows() != null) {
            return table(spec);
        }
        if (isTemplate(spec)) {
            return template(spec);
        }
        if (spec.urls().isEmpty() && spec.lines() == null) {
            throw new IllegalArgumentException("no URLs: give " + spec.names().urls());
        }
        RequestTemplate plain = requestTemplate(spec, "{}", false);
        List<RequestSource> parts = new ArrayList<>(2);
        if (!spec.urls().isEmpty()) {
            List<String> urls = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            spec.urls().forEach(u -> urls.add(Secrets.resolveUrl(u, System::getenv, secrets, spec.names())));
            parts.add(new ProductSource(plain, List.of(new Param(Template.ANONYMOUS, ValueSource.of(urls))), false, spec.names()));
        }
        if (spec.lines() != null) {
            parts.add(new ProductSource(plain, List.of(new Param(Template.ANONYMOUS, spec.lines())), false, spec.names()));
        }
        return parts.size() == 1 ? parts.get(0) : new ConcatSource(parts);
    }

    private static RequestSource template(Spec spec) {
        InputNames names = spec.names();
        if (spec.urls().size() != 1) {
            throw new IllegalArgumentException(spec.urls().isEmpty()
                    ? names.parameter() + " needs a URL template, e.g. 'http://host/items/{id}'"
                    : "a URL template takes no further URLs (got " + spec.urls().size() + " URL arguments)");
        }
        String url = spec.urls().get(0);
        boolean anonymous = Template.url(url).placeholders().contains(Template.ANONYMOUS);
        RequestTemplate template = requestTemplate(spec, url, anonymous);
        Set<String> used = template.placeholders();
        Set<String> given = new HashSet<>();
        for (Param p : spec.params()) {
            checkParam(p, given, used, names);
        }
        for (String name : used) {
            if (!name.isEmpty() && !given.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "}: no " + names.parameterValues(name) + " gives its values");
            }
        }
        List<Param> dims = new ArrayList<>();
        if (anonymous) {
            if (spec.lines() == null) {
                throw new IllegalArgumentException("the template's {} needs " + names.lines());
            }
            dims.add(new Param(Template.ANONYMOUS, spec.lines()));
        } else if (spec.lines() != null) {
            throw new IllegalArgumentException("input lines were given but the template has no {} placeholder to put them in");
        }
        dims.addAll(spec.params());
        return new ProductSource(template, dims, true, names);
    }

    /** Rows of a table fill the template (a lone {@code url} column is the URL when no template is given). */
    private static RequestSource table(Spec spec) {
        try {
            return checkedTable(spec);
        } catch (IllegalArgumentException e) {
            spec.rows().close();
            throw e;
        }
    }

    private static RequestSource checkedTable(Spec spec) {
        RowSource rows = spec.rows();
        InputNames names = spec.names();
        List<String> columns = rows.columns();
        String url;
        if (spec.urls().size() == 1) {
            url = spec.urls().get(0);
        } else if (spec.urls().isEmpty() && columns.contains("url")) {
            url = "{url}";
        } else {
            throw new IllegalArgumentException(spec.urls().isEmpty()
                    ? names.table(rows.name()) + ": give a URL template that uses its columns, e.g. 'https://api.example/items/{"
                    + (columns.isEmpty() ? "id" : columns.get(0)) + "}' (columns: " + String.join(", ", columns) + "), or name a column url"
                    : "a table input takes one URL template (got " + spec.urls().size() + " URL arguments)");
        }
        if (spec.lines() != null) {
            throw new IllegalArgumentException(names.table(rows.name()) + " is a table: it takes no input lines besides");
        }
        if (Template.url(url).placeholders().contains(Template.ANONYMOUS)) {
            throw new IllegalArgumentException("{} takes input lines; with a table, name a column: {"
                    + (columns.isEmpty() ? "id" : columns.get(0)) + "} (columns: " + String.join(", ", columns) + ")");
        }
        RequestTemplate template = requestTemplate(spec, url, false);
        Set<String> used = template.placeholders();
        Set<String> given = new HashSet<>();
        for (Param p : spec.params()) {
            if (columns.contains(p.name())) {
                throw new IllegalArgumentException(names.parameter(p.name()) + ": " + rows.name() + " has a column of that name already");
            }
            checkParam(p, given, used, names);
        }
        for (String name : used) {
            if (!given.contains(name) && !columns.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "}: " + rows.name() + " has no column " + name
                        + " (columns: " + String.join(", ", columns) + ") and no " + names.parameterValues(name) + " gives its values");
            }
        }
        return new TableSource(template, rows, spec.params(), names);
    }

    private static void checkParam(Param p, Set<String> given, Set<String> used, InputNames names) {
        if (!given.add(p.name())) {
            throw new IllegalArgumentException(names.parameter(p.name()) + " is given twice");
        }
        if (!used.contains(p.name())) {
            throw new IllegalArgumentException(names.parameter(p.name()) + ": the template has no {" + p.name() + "} placeholder");
        }
    }

    /**
     * How a crawl turns found values that are not links into requests: {@code followUrl} (a URL template with
     * one placeholder, sent as GET with the run's headers) when given, else the run's own template; null when
     * the run has neither, and found values are then links. {@code name} picks the placeholder to fill (null:
     * the template's only one).
     */
    public static FollowTemplate followTemplate(Spec spec, String followUrl, String name) {
        RequestTemplate template;
        InputNames names = spec.names();
        if (followUrl != null) {
            boolean anonymous = Template.url(followUrl).placeholders().contains(Template.ANONYMOUS);
            template = requestTemplate(new Spec("GET", List.of(followUrl), spec.headers(), null, List.of(), null, null, names), followUrl, anonymous);
            if (template.placeholders().isEmpty()) {
                throw new IllegalArgumentException(names.followTemplate() + " " + followUrl + ": needs a placeholder for the found value, e.g. {} or {id}");
            }
        } else if (isTemplate(spec)) {
            template = preview(spec, spec.urls().get(0));
        } else {
            return null;
        }
        Set<String> placeholders = template.placeholders();
        if (name != null) {
            String raw = name.equals(ANONYMOUS_DISPLAY_NAME) && placeholders.contains(Template.ANONYMOUS) ? Template.ANONYMOUS : name;
            if (!placeholders.contains(raw)) {
                throw new IllegalArgumentException(names.follow() + " " + name + "=…: the template has no {" + name + "} placeholder");
            }
            return new FollowTemplate(template, raw);
        }
        if (placeholders.size() != 1) {
            StringBuilder list = new StringBuilder();
            placeholders.forEach(p -> list.append(list.isEmpty() ? "" : ", ").append('{').append(p).append('}'));
            throw new IllegalArgumentException(names.follow() + ": the template has placeholders " + list
                    + "; say which one a found value fills, e.g. " + names.follow() + " '" + displayName(placeholders.iterator().next()) + "=$.ids[*]'");
        }
        return new FollowTemplate(template, placeholders.iterator().next());
    }

    private static RequestTemplate preview(Spec spec, String url) {
        return requestTemplate(spec, url, Template.url(url).placeholders().contains(Template.ANONYMOUS));
    }

    private static RequestTemplate requestTemplate(Spec spec, String url, boolean anonymous) {
        List<RequestTemplate.Header> headers = new ArrayList<>();
        InputNames names = spec.names();
        for (String h : spec.headers()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(names.header("'" + h + "'") + ": expected 'Name: value'");
            }
            String name = h.substring(0, colon).strip();
            String value = h.substring(colon + 1).strip();
            if (Headers.hasControlCharacter(name) || Headers.hasControlCharacter(value)) {
                // what the user typed, not a value filled in later: refused before anything is sent, as from @file
                throw new IllegalArgumentException(names.header() + " " + (Headers.hasControlCharacter(name) ? "" : name + ": ")
                        + "the header holds a control character (a line break?); a header is one line");
            }
            headers.add(new RequestTemplate.Header(name, Secrets.isReference(value)
                    ? Template.literal(Secrets.resolve(name, value, System::getenv, names))
                    : Template.raw(value, anonymous)));
        }
        // ${ENV} and ?name=@file in the URL and ${ENV} in the body are secrets: resolved before the template is
        // parsed, and masked in what the run writes (the caller's Redaction, from Secrets.valuesIn)
        List<String> ignored = new ArrayList<>();
        String b = Secrets.resolveBody(spec.body(), System::getenv, ignored, names);
        Template body = b == null ? null : Template.raw(b, anonymous);
        return new RequestTemplate(spec.method(), Template.url(Secrets.resolveUrl(url, System::getenv, ignored, names)), headers, body);
    }
}
