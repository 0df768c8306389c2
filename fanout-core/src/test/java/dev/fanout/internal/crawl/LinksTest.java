package dev.fanout.internal.crawl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinksTest {
    private static final String BASE = "http://site.example/dir/page.html?x=1#top";

    @Test
    void resolvesRelativeLinksAsBrowsersDo() {
        assertThat(Links.resolve(BASE, "other.html")).isEqualTo("http://site.example/dir/other.html");
        assertThat(Links.resolve(BASE, "./a/b.html")).isEqualTo("http://site.example/dir/a/b.html");
        assertThat(Links.resolve(BASE, "../up.html")).isEqualTo("http://site.example/up.html");
        assertThat(Links.resolve(BASE, "/root")).isEqualTo("http://site.example/root");
        assertThat(Links.resolve(BASE, "?page=2")).isEqualTo("http://site.example/dir/page.html?page=2");
        assertThat(Links.resolve(BASE, "#frag")).isEqualTo("http://site.example/dir/page.html?x=1");
        assertThat(Links.resolve(BASE, "//cdn.example/x.js")).isEqualTo("http://cdn.example/x.js");
        assertThat(Links.resolve(BASE, "https://other.example")).isEqualTo("https://other.example/");
        assertThat(Links.resolve(BASE, "a file.html")).isEqualTo("http://site.example/dir/a%20file.html");
        assertThat(Links.resolve("http://site.example", "a")).isEqualTo("http://site.example/a");
    }

    @Test
    void whatIsNotAnHttpLinkIsNull() {
        assertThat(Links.resolve(BASE, "mailto:a@b.example")).isNull();
        assertThat(Links.resolve(BASE, "javascript:void(0)")).isNull();
        assertThat(Links.resolve(BASE, "ftp://files.example/x")).isNull();
        assertThat(Links.resolve(BASE, "  ")).isNull();
        assertThat(Links.resolve(BASE, "http://[bad")).isNull();
    }

    @Test
    void normalizedSpellingsCompareEqual() {
        assertThat(Links.normalize("HTTP://Site.Example:80/a?b#c")).isEqualTo("http://site.example/a?b");
        assertThat(Links.normalize("https://site.example:443")).isEqualTo("https://site.example/");
        assertThat(Links.normalize("http://site.example:8080/")).isEqualTo("http://site.example:8080/");
        assertThat(Links.normalize("http://User@Site.Example?q#f")).isEqualTo("http://User@site.example/?q");
        assertThat(Links.normalize("http://[::1]:80/x")).isEqualTo("http://[::1]/x");
        assertThat(Links.origin("https://u:p@Site.Example:8443/a?b")).isEqualTo("https://site.example:8443");
        assertThat(Links.host("http://[::1]:8080/")).isEqualTo("[::1]");
        assertThat(Links.pathAndQuery("http://h.example?x=1#f")).isEqualTo("/?x=1");
        assertThat(Links.pathAndQuery("http://h.example/a/b?x#f")).isEqualTo("/a/b?x");
    }

    @Test
    void valuesThatLookLikeUrls() {
        assertThat(Links.looksLikeUrl("https://x.example/a")).isTrue();
        assertThat(Links.looksLikeUrl("/v0/item/1.json")).isTrue();
        assertThat(Links.looksLikeUrl("../x")).isTrue();
        assertThat(Links.looksLikeUrl("8863")).isFalse();
        assertThat(Links.looksLikeUrl("AAPL")).isFalse();
    }

    @Test
    void anInternationalNameIsTheSameHostAsItsPunycode() {
        assertThat(Links.normalize("http://Bücher.example/a")).isEqualTo(Links.normalize("http://xn--bcher-kva.example/a"));
        assertThat(Links.host("https://bücher.example:8443/")).isEqualTo("xn--bcher-kva.example");
        assertThat(Links.origin("https://bücher.example/")).isEqualTo("https://xn--bcher-kva.example");
    }
}
