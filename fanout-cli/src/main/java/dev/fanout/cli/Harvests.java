package dev.fanout.cli;

import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.Follow;
import dev.fanout.crawl.Scope;
import dev.fanout.extract.Expression;
import dev.fanout.extract.Extractor;
import dev.fanout.extract.Field;
import dev.fanout.sink.RecordColumn;
import dev.fanout.source.FollowTemplate;
import dev.fanout.source.RequestSources;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.fanout.cli.GetOptionTable.EACH;
import static dev.fanout.cli.GetOptionTable.EXTRACT;
import static dev.fanout.cli.GetOptionTable.FOLLOW;
import static dev.fanout.cli.GetOptionTable.FOLLOW_TEMPLATE;
import static dev.fanout.cli.GetOptionTable.IGNORE_ROBOTS;
import static dev.fanout.cli.GetOptionTable.MAX_DEPTH;
import static dev.fanout.cli.GetOptionTable.MAX_REQUESTS;
import static dev.fanout.cli.GetOptionTable.SCOPE;

/** Builds a {@link Harvest} from {@code get}'s -e, --follow and crawl options; a bad one is an IllegalArgumentException naming it. */
final class Harvests {
    /** Names a field may not take, because records already have them. */
    private static final Set<String> RESERVED = RecordColumn.wireNames();
    /** {@code name=} before a follow expression (an expression never starts with a bare word and '='). */
    private static final Pattern NAMED = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=");

    private Harvests() {
    }


    static Harvest of(ParseResult r, RequestSources.Spec spec) {
        Extractor extractor = new Extractor(fields(EXTRACT.in(r), spec), each(EACH.in(r)));
        String followTemplate = FOLLOW_TEMPLATE.in(r);
        List<Follow> follows = new ArrayList<>();
        for (String text : FOLLOW.in(r)) {
            var m = NAMED.matcher(text);
            String name = m.find() ? m.group(1) : null;
            String exprText = name == null ? text : text.substring(m.end());
            Expression expression;
            try {
                expression = Expression.parse(exprText.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--follow '" + text + "': " + e.getMessage());
            }
            // CSS queries and link: relations give links, which need no template
            boolean links = expression.language() == Expression.Language.CSS || exprText.strip().startsWith("link:");
            FollowTemplate template = links && followTemplate == null
                    ? null : RequestSources.followTemplate(spec, followTemplate, name);
            follows.add(new Follow(expression, template));
        }
        if (follows.isEmpty()) {
            for (GetOption<?> o : List.of(FOLLOW_TEMPLATE, MAX_DEPTH, MAX_REQUESTS, SCOPE, IGNORE_ROBOTS)) {
                if (o.given(r)) {
                    throw new IllegalArgumentException(o.name() + " only applies to a crawl: add --follow EXPR");
                }
            }
        }
        return new Harvest(extractor, follows, rules(r));
    }

    /** The --each expression: a JSONPath or JSON Pointer, since items are JSON values that -e reads with @. */
    private static Expression each(String text) {
        if (text == null) {
            return null;
        }
        Expression e;
        try {
            e = Expression.parse(text.strip());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--each '" + text + "': " + ex.getMessage());
        }
        if (e.language() != Expression.Language.JSONPATH && e.language() != Expression.Language.JSON_POINTER) {
            throw new IllegalArgumentException("--each '" + text + "': items are selected with a JSONPath or JSON Pointer, e.g. --each '$.results[*]'");
        }
        return e;
    }

    private static List<Field> fields(List<String> texts, RequestSources.Spec spec) {
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String text : texts) {
            Field f;
            try {
                f = Field.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-e " + text + ": " + e.getMessage());
            }
            if (RESERVED.contains(f.name())) {
                throw new IllegalArgumentException("-e " + text + ": '" + f.name() + "' is already a record column; choose another name");
            }
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("-e " + f.name() + " is given twice");
            }
            for (var p : spec.params()) {
                if (p.name().equals(f.name())) {
                    throw new IllegalArgumentException("-e " + text + ": '" + f.name() + "' is already a parameter column (-p); choose another name");
                }
            }
            if (spec.rows() != null && spec.rows().columns().contains(f.name())) {
                throw new IllegalArgumentException("-e " + text + ": '" + f.name() + "' is already a column of " + spec.rows().name() + "; choose another name");
            }
            fields.add(f);
        }
        return fields;
    }

    private static CrawlRules rules(ParseResult r) {
        CrawlRules rules = CrawlRules.DEFAULT.withRobots(!IGNORE_ROBOTS.in(r));
        Integer maxDepth = MAX_DEPTH.in(r);
        if (maxDepth != null) {
            if (maxDepth < 0) {
                throw new IllegalArgumentException("--max-depth must be 0 or more, got " + maxDepth);
            }
            rules = rules.withMaxDepth(maxDepth);
        }
        Long maxRequests = MAX_REQUESTS.in(r);
        if (maxRequests != null) {
            if (maxRequests < 1) {
                throw new IllegalArgumentException("--max-requests must be at least 1, got " + maxRequests);
            }
            rules = rules.withMaxRequests(maxRequests);
        }
        String scope = SCOPE.in(r);
        if (scope != null) {
            try {
                rules = rules.withScope(Scope.parse(scope));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scope: " + e.getMessage());
            }
        }
        return rules;
    }
}
