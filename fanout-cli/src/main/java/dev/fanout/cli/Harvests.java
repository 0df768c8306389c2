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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds a {@link Harvest} from {@code get}'s -e, --follow and crawl options; a bad one is an IllegalArgumentException naming it. */
final class Harvests {
    /** Names a field may not take, because records already have them. */
    private static final Set<String> RESERVED = RecordColumn.wireNames();
    /** {@code name=} before a follow expression (an expression never starts with a bare word and '='). */
    private static final Pattern NAMED = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=");

    private Harvests() {
    }

    static Harvest of(GetCommand c, RequestSources.Spec spec) {
        Extractor extractor = new Extractor(fields(c.extracts, spec), each(c.each));
        List<Follow> follows = new ArrayList<>();
        for (String text : c.follows) {
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
            FollowTemplate template = links && c.followTemplate == null
                    ? null : RequestSources.followTemplate(spec, c.followTemplate, name);
            follows.add(new Follow(expression, template));
        }
        if (follows.isEmpty()) {
            for (var o : new Object[][] {{"--follow-template", c.followTemplate}, {"--max-depth", c.maxDepth},
                    {"--max-requests", c.maxRequests}, {"--scope", c.scope}, {"--ignore-robots", c.ignoreRobots ? true : null}}) {
                if (o[1] != null) {
                    throw new IllegalArgumentException(o[0] + " only applies to a crawl: add --follow EXPR");
                }
            }
        }
        return new Harvest(extractor, follows, rules(c));
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

    private static CrawlRules rules(GetCommand c) {
        CrawlRules rules = CrawlRules.DEFAULT.withRobots(!c.ignoreRobots);
        if (c.maxDepth != null) {
            if (c.maxDepth < 0) {
                throw new IllegalArgumentException("--max-depth must be 0 or more, got " + c.maxDepth);
            }
            rules = rules.withMaxDepth(c.maxDepth);
        }
        if (c.maxRequests != null) {
            if (c.maxRequests < 1) {
                throw new IllegalArgumentException("--max-requests must be at least 1, got " + c.maxRequests);
            }
            rules = rules.withMaxRequests(c.maxRequests);
        }
        if (c.scope != null) {
            try {
                rules = rules.withScope(Scope.parse(c.scope));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scope: " + e.getMessage());
            }
        }
        return rules;
    }
}
