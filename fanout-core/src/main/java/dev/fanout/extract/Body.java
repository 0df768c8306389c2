package dev.fanout.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fanout.Outcome;
import dev.fanout.internal.extract.JsonTree;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One response body as the expressions see it: parsed at most once per kind (JSON tree, HTML document, text),
 * however many expressions read it. Not thread-safe: use one per outcome, on one thread.
 */
public final class Body {
    private final byte[] bytes;
    /** The Content-Type, looked up in the headers only when a charset is needed (JSON never needs it). */
    private String contentType;
    private boolean contentTypeKnown;
    private final String url;
    private final dev.fanout.Headers headers;
    private Object json;
    private String jsonError;
    private boolean jsonRead;
    private Object html;
    private String text;

    /** The body this one is an item of (sharing its parsed forms), or null. */
    private final Body whole;
    private final Object item;

    private Body(byte[] bytes, String contentType, boolean contentTypeKnown, String url, dev.fanout.Headers headers) {
        this.bytes = bytes;
        this.contentType = contentType;
        this.contentTypeKnown = contentTypeKnown;
        this.url = url;
        this.headers = headers;
        this.whole = null;
        this.item = null;
    }

    private Body(Body whole, Object item) {
        this.bytes = whole.bytes;
        this.url = whole.url;
        this.headers = whole.headers;
        this.whole = whole;
        this.item = item;
    }

    /** The body of {@code outcome}'s response; relative links in it resolve against the request's URL. */
    public static Body of(Outcome outcome) {
        return new Body(outcome.body(), null, false, outcome.request().url(), outcome.headers());
    }

    /** A body given directly, e.g. in tests. */
    public static Body of(String text, String contentType, String url) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), contentType, true, url, dev.fanout.Headers.empty());
    }

    /** A body with its response's header fields (for {@code header:} and {@code link:} expressions). */
    public static Body of(String text, String contentType, String url, dev.fanout.Headers headers) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), contentType, true, url, headers);
    }

    /** The response's header fields. */
    public dev.fanout.Headers headers() {
        return headers;
    }

    /**
     * The same body with {@code item} (one of the values an expression selected from it, e.g. with
     * {@link Expression#nodes}) as the current node: JSONPath expressions starting with {@code @} read the
     * item, all others the whole body. Shares this body's parsed forms.
     */
    public Body at(Object item) {
        return new Body(whole == null ? this : whole, item);
    }

    /** The current node for {@code @} queries: the item this body is {@linkplain #at at}, else the root. */
    Object current(Object root) {
        return whole == null ? root : item;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The URL the body came from. */
    public String url() {
        return url;
    }

    /**
     * What relative links in the body resolve against: the document's {@code <base href>} when it is HTML that
     * was parsed and has one, else the URL it came from.
     */
    public String linkBase() {
        if (whole != null) {
            return whole.linkBase();
        }
        return html == null ? url : Css.baseUri(html, url);
    }

    byte[] bytes() {
        return bytes;
    }

    /** The body as a JSON value (see {@link JsonTree}), read once. */
    Object json() throws ExtractException {
        if (whole != null) {
            return whole.json();
        }
        if (!jsonRead) {
            jsonRead = true;
            try {
                json = JsonTree.parse(bytes, bytes.length);
            } catch (IOException e) {
                jsonError = "body is not JSON: " + shortMessage(e);
            }
        }
        if (jsonError != null) {
            throw new ExtractException(jsonError);
        }
        return json;
    }

    /** Jackson's message without its list of what would have been valid, plus where: one short line. */
    private static String shortMessage(IOException e) {
        String m = e instanceof JsonProcessingException j && j.getOriginalMessage() != null ? j.getOriginalMessage()
                : e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = m.indexOf(": expected");
        m = (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse(m);
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            m += " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return m;
    }

    /** The body as text, in the charset its Content-Type names (UTF-8 when it names none). */
    String text() {
        if (whole != null) {
            return whole.text();
        }
        if (text == null) {
            Charset cs = charset();
            text = new String(bytes, cs == null ? StandardCharsets.UTF_8 : cs);
        }
        return text;
    }

    /** The parsed HTML document, kept as Object so that jsoup is loaded only by runs that use CSS. */
    Object html() {
        if (whole != null) {
            return whole.html();
        }
        if (html == null) {
            html = Css.parse(bytes, charset(), url);
        }
        return html;
    }

    /** The charset the Content-Type header names, or null when it names none or an unknown one. */
    Charset charset() {
        if (whole != null) {
            return whole.charset();
        }
        if (!contentTypeKnown) {
            contentType = headers.get("content-type");
            contentTypeKnown = true;
        }
        if (contentType == null) {
            return null;
        }
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return null;
        }
        String name = contentType.substring(at + "charset=".length()).split("[;\\s]", 2)[0].replace("\"", "");
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
