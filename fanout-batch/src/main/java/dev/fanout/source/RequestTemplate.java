package dev.fanout.source;

import dev.fanout.Headers;
import dev.fanout.Request;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to make a request from one set of parameter values: a URL template, a method, header templates and
 * a body template. Values enter the URL percent-encoded and the headers and body as they are (a header
 * value with CR/LF is then refused by the engine as {@code invalid_input}, never sent).
 *
 * @param headers name and value template of each header, in order
 * @param body    the body template, or null for no body
 */
public record RequestTemplate(String method, Template url, List<Header> headers, Template body) {

    /** One header whose value may hold placeholders. */
    public record Header(String name, Template value) {
    }

    public RequestTemplate {
        headers = List.copyOf(headers);
    }

    /** Every placeholder used anywhere, in order of appearance. */
    public Set<String> placeholders() {
        Set<String> all = new LinkedHashSet<>(url.placeholders());
        for (Header h : headers) {
            all.addAll(h.value().placeholders());
        }
        if (body != null) {
            all.addAll(body.placeholders());
        }
        return all;
    }

    /** The request for these values; {@code recorded} are the params the outcome will carry. */
    public Request build(Map<String, String> values, Map<String, String> recorded) {
        String u = url.expand(values::get);
        Headers hs = Headers.empty();
        if (!headers.isEmpty()) {
            String[] nv = new String[headers.size() * 2];
            for (int i = 0; i < headers.size(); i++) {
                nv[2 * i] = headers.get(i).name();
                nv[2 * i + 1] = headers.get(i).value().expand(values::get);
            }
            hs = Headers.of(nv);
        }
        byte[] b = body == null ? null : body.expand(values::get).getBytes(StandardCharsets.UTF_8);
        return new Request(method, u, hs, b, recorded);
    }
}
