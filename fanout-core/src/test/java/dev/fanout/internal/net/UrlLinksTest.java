package dev.fanout.internal.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What crawled links and redirects need of {@link Url}: references resolved, spellings compared, parts. */
class UrlLinksTest {
    private static final String BASE = "http://site.example/dir/page.html?x=1#top";

    @Test
    void resolvesRelativeLinksAsBrowsersDo() {
        assertThat(resolve(BASE, "other.html")).isEqualTo("http://site.example/dir/other.html");
        assertThat(resolve(BASE, "./a/b.html")).isEqualTo("http://site.example/dir/a/b.html");
        assertThat(resolve(BASE, "../up.html")).isEqualTo("http://site.example/up.html");
        assertThat(resolve(BASE, "/root")).isEqualTo("http://site.example/root");
        assertThat(resolve(BASE, "?page=2")).isEqualTo("http://site.example/dir/page.html?page=2");
        assertThat(resolve(BASE, "#frag")).isEqualTo("http://site.example/dir/page.html?x=1");
        assertThat(resolve(BASE, "//cdn.example/x.js")).isEqualTo("http://cdn.example/x.js");
        assertThat(resolve(BASE, "https://other.example")).isEqualTo("https://other.example/");
        assertThat(resolve(BASE, "a file.html")).isEqualTo("http://site.example/dir/a%20file.html");
        assertThat(resolve("http://site.example", "a")).isEqualTo("http://site.example/a");
    }

    @Test
    void dotSegmentsAreRemovedAsRfc3986Says() {
        // RFC 3986 §5.4's examples that fanout resolves (http only)
        String base = "http://a/b/c/d;p?q";
        assertThat(resolve(base, "g")).isEqualTo("http://a/b/c/g");
        assertThat(resolve(base, "g/")).isEqualTo("http://a/b/c/g/");
        assertThat(resolve(base, "")).isNull();
        assertThat(resolve(base, ".")).isEqualTo("http://a/b/c/");
        assertThat(resolve(base, "..")).isEqualTo("http://a/b/");
        assertThat(resolve(base, "../..")).isEqualTo("http://a/");
        assertThat(resolve(base, "../../../g")).isEqualTo("http://a/g");
        assertThat(resolve(base, "/./g")).isEqualTo("http://a/g");
        assertThat(resolve(base, "g.")).isEqualTo("http://a/b/c/g.");
        assertThat(resolve(base, "..g")).isEqualTo("http://a/b/c/..g");
        assertThat(resolve(base, "./g/.")).isEqualTo("http://a/b/c/g/");
        assertThat(resolve(base, "g/../h")).isEqualTo("http://a/b/c/h");
        assertThat(resolve(base, "g;x=1/../y")).isEqualTo("http://a/b/c/y");
        assertThat(resolve(base, "g?y/./x")).isEqualTo("http://a/b/c/g?y/./x");
        assertThat(resolve(base, "#s")).isEqualTo("http://a/b/c/d;p?q");
        assertThat(resolve(base, "http://g/x/../y")).isEqualTo("http://g/y");
    }

    @Test
    void aResolvedLinkIsWrittenAsItIsSent() {
        assertThat(resolve(BASE, "{x}|é")).isEqualTo("http://site.example/dir/%7Bx%7D%7C%C3%A9");
        assertThat(resolve(BASE, "a\\b")).isEqualTo("http://site.example/dir/a%5Cb");
        assertThat(resolve(BASE, " /x\ty\n ")).as("tabs and line breaks dropped").isEqualTo("http://site.example/xy");
        assertThat(resolve("http://User@Site.Example:8080/a", "b")).as("the authority as the page wrote it")
                .isEqualTo("http://User@Site.Example:8080/b");
        assertThat(resolve(BASE, "http://[::1]:9/x")).isEqualTo("http://[::1]:9/x");
        assertThat(resolve(BASE, "https:no-host")).isNull();
    }

    @Test
    void whatIsNotAnHttpLinkIsNull() {
        assertThat(resolve(BASE, "mailto:a@b.example")).isNull();
        assertThat(resolve(BASE, "javascript:void(0)")).isNull();
        assertThat(resolve(BASE, "ftp://files.example/x")).isNull();
        assertThat(resolve(BASE, "  ")).isNull();
        assertThat(resolve(BASE, "http://[bad")).isNull();
    }

    @Test
    void normalizedSpellingsCompareEqual() throws InvalidUrlException {
        assertThat(normalize("HTTP://Site.Example:80/a?b#c")).isEqualTo("http://site.example/a?b");
        assertThat(normalize("https://site.example:443")).isEqualTo("https://site.example/");
        assertThat(normalize("http://site.example:8080/")).isEqualTo("http://site.example:8080/");
        assertThat(normalize("http://User@Site.Example?q#f")).isEqualTo("http://User@site.example/?q");
        assertThat(normalize("http://[::1]:80/x")).isEqualTo("http://[::1]/x");
        assertThat(origin("https://u:p@Site.Example:8443/a?b")).isEqualTo("https://site.example:8443");
        assertThat(host("http://[::1]:8080/")).isEqualTo("[::1]");
        assertThat(pathAndQuery("http://h.example?x=1#f")).isEqualTo("/?x=1");
        assertThat(pathAndQuery("http://h.example/a/b?x#f")).isEqualTo("/a/b?x");
    }

    @Test
    void aLocationThatIsAnHttpUrlButCannotBeRequestedSaysWhy() throws InvalidUrlException {
        Url base = Url.parse(BASE);
        assertThatThrownBy(() -> base.resolveChecked("http://h:99999/")).isInstanceOf(InvalidUrlException.class)
                .hasMessage("invalid port 99999");
        assertThatThrownBy(() -> base.resolveChecked("/a%zz")).hasMessageContaining("'%' not followed by two hex digits");
        assertThat(base.resolveChecked("mailto:a@b.example")).isNull();
        assertThat(base.resolve("http://h:99999/")).isNull();
    }

    @Test
    void valuesThatLookLikeUrls() {
        assertThat(Url.looksLikeLink("https://x.example/a")).isTrue();
        assertThat(Url.looksLikeLink("/v0/item/1.json")).isTrue();
        assertThat(Url.looksLikeLink("../x")).isTrue();
        assertThat(Url.looksLikeLink("8863")).isFalse();
        assertThat(Url.looksLikeLink("AAPL")).isFalse();
    }

    @Test
    void anInternationalNameIsTheSameHostAsItsPunycode() throws InvalidUrlException {
        assertThat(normalize("http://Bücher.example/a")).isEqualTo(normalize("http://xn--bcher-kva.example/a"));
        assertThat(host("https://bücher.example:8443/")).isEqualTo("xn--bcher-kva.example");
        assertThat(origin("https://bücher.example/")).isEqualTo("https://xn--bcher-kva.example");
    }

    /** A reference resolved against {@code base}, as a found request's URL is written; null when not an http(s) URL. */
    private static String resolve(String base, String reference) {
        Url resolved = Url.resolve(base, reference);
        return resolved == null ? null : resolved.text();
    }

    private static String normalize(String url) throws InvalidUrlException {
        return Url.parse(url).normalized();
    }

    private static String origin(String url) throws InvalidUrlException {
        return Url.parse(url).originKey();
    }

    /** The host as the URL writes it (IPv6 in brackets). */
    private static String host(String url) throws InvalidUrlException {
        return Url.parse(url).hostInUrl();
    }

    private static String pathAndQuery(String url) throws InvalidUrlException {
        return Url.parse(url).pathAndQuery();
    }
}
