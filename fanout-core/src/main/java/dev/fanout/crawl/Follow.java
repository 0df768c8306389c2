package dev.fanout.crawl;

import dev.fanout.Request;
import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import dev.fanout.extract.ExtractException;
import dev.fanout.extract.Values;
import dev.fanout.internal.net.Url;

import java.util.List;

/**
 * A rule that turns what an expression selects from each response into new requests. A value that is a URL
 * — absolute http(s), or relative ({@code /…}, {@code ./…}, {@code ../…}, {@code ?…}), and every value of a
 * CSS query — is followed as a link against the response's URL; any other value (an id) fills the template.
 * With no template, every value is a link. Immutable.
 *
 * @param expression what to follow
 * @param template   where non-link values go, or null
 */
public record Follow(Expression expression, Template template) {

    /**
     * Makes the request for a found value that is not a link (an id, a ticker), e.g. by filling a URL template
     * with it (fanout-batch's {@code FollowTemplate}). Called on the crawl's consuming thread, during a visit.
     */
    @FunctionalInterface
    public interface Template {
        /** The request for {@code value}, found in the response to {@code parent}. */
        Request fill(Request parent, String value);
    }

    /**
     * Adds what {@code body} (the response to {@code parent}) yields to the frontier; returns how many were
     * queued.
     *
     * @throws ExtractException when the body cannot be read the way the expression needs
     */
    public int apply(Body body, Request parent, Frontier frontier) throws ExtractException {
        int queued = 0;
        boolean css = expression.language() == Expression.Language.CSS;
        boolean linksOnly = template == null || css;
        List<Object> values = expression.values(body);
        // links in HTML resolve against its <base href>, known once the document has been parsed
        String base = css ? body.linkBase() : body.url();
        for (Object v : values) {
            String value = Values.text(v).strip();
            if (value.isEmpty()) {
                continue;
            }
            boolean added = linksOnly || Url.looksLikeLink(value)
                    ? frontier.follow(base.equals(parent.url()) ? value : resolvedOrAsIs(base, value))
                    : frontier.add(template.fill(parent, value));
            queued += added ? 1 : 0;
        }
        return queued;
    }

    private static String resolvedOrAsIs(String base, String link) {
        Url absolute = Url.resolve(base, link);
        return absolute == null ? link : absolute.text();
    }
}
