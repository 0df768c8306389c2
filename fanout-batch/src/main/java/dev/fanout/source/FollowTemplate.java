package dev.fanout.source;

import dev.fanout.Request;
import dev.fanout.crawl.Follow;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a value a crawl found (an id, a ticker) into a request by filling one placeholder of a template; the
 * template's other placeholders keep the values of the request it was found from. Immutable.
 *
 * @param template    the request template (URL, method, headers, body)
 * @param placeholder the placeholder the value fills ("" for {@code {}})
 */
public record FollowTemplate(RequestTemplate template, String placeholder) implements Follow.Template {

    /** The request for {@code value}, found in the response to {@code parent}. */
    @Override
    public Request fill(Request parent, String value) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> recorded = new LinkedHashMap<>();
        parent.params().forEach((name, v) -> {
            values.put(name.equals(RequestSources.ANONYMOUS_DISPLAY_NAME) ? Template.ANONYMOUS : name, v);
            recorded.put(name, v);
        });
        values.put(placeholder, value);
        recorded.put(RequestSources.displayName(placeholder), value);
        return template.build(values, recorded);
    }
}
