package dev.fanout.extract;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSS selector with what to take from each matching element: its text (default), an attribute
 * ({@code @href}), an attribute made absolute ({@code @abs:href}) or its inner HTML ({@code @html}).
 * The only class that touches jsoup, so runs without CSS expressions never load it; jsoup is an optional dependency
 * of fanout-core, and a CSS expression without it on the class path is refused when it is parsed.
 */
final class Css {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String selector;
    private final String take;

    private Css(String selector, String take) {
        this.selector = selector;
        this.take = take;
    }

    /** Parses {@code "a.next@href"}; the selector is checked now so that a bad one fails before any request. */
    static Css compile(String text) {
        if (!JsoupPresent.PRESENT) {
            throw new IllegalArgumentException("css:" + text + ": CSS expressions need jsoup (org.jsoup:jsoup), which is not"
                    + " on the class path: add it to the build");
        }
        int at = text.lastIndexOf('@');
        boolean attribute = at > text.lastIndexOf(']') && at >= 0;
        String selector = (attribute ? text.substring(0, at) : text).strip();
        String take = attribute ? text.substring(at + 1).strip() : null;
        if (selector.isEmpty()) {
            throw new IllegalArgumentException("css: needs a selector, e.g. css:title or css:a@href");
        }
        if (take != null && take.isEmpty()) {
            throw new IllegalArgumentException("css:" + text + ": name the attribute after @, e.g. @href");
        }
        try {
            org.jsoup.select.QueryParser.parse(selector);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("css:" + text + ": " + e.getMessage());
        }
        return new Css(selector, take);
    }

    static Object parse(byte[] bytes, Charset charset, String url) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(bytes), charset == null ? null : charset.name(), url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URI jsoup settled on for a parsed document ({@code <base href>} made absolute), or {@code fallback}. */
    static String baseUri(Object document, String fallback) {
        String base = ((Document) document).baseUri();
        return base == null || base.isEmpty() ? fallback : base;
    }

    /** Every value taken from the matching elements, in document order (elements lacking the attribute skipped). */
    List<Object> select(Body body) {
        Document doc = (Document) body.html();
        List<Object> out = new ArrayList<>();
        for (Element e : doc.select(selector)) {
            if (take == null) {
                // text() collapses whitespace, except in <title> and other raw-text elements: collapse it there too
                out.add(WHITESPACE.matcher(e.text()).replaceAll(" ").strip());
            } else if (take.equals("html")) {
                out.add(e.html());
            } else if (take.startsWith("abs:")) {
                String v = e.absUrl(take.substring(4));
                if (!v.isEmpty()) {
                    out.add(v);
                }
            } else if (e.hasAttr(take)) {
                out.add(e.attr(take));
            }
        }
        return out;
    }

    /** Whether jsoup can be loaded, checked once without initializing any of it. */
    private static final class JsoupPresent {
        static final boolean PRESENT = present();

        private static boolean present() {
            try {
                Class.forName("org.jsoup.Jsoup", false, Css.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
