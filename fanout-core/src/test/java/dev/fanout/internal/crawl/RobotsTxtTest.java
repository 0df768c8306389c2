package dev.fanout.internal.crawl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9309's rules, with its own examples where it gives them. */
class RobotsTxtTest {
    private static RobotsTxt parse(String text, String agent) {
        return RobotsTxt.parse(text.getBytes(StandardCharsets.UTF_8), agent);
    }

    @Test
    void theLongestMatchDecidesAndAllowWinsATie() {
        RobotsTxt r = parse("""
                User-agent: *
                Allow: /example/page/
                Disallow: /example/page/disallowed.gif
                Disallow: /tie
                Allow: /tie
                Disallow: /private
                """, "fanout");
        assertThat(r.allows("/example/page/")).isTrue();
        assertThat(r.allows("/example/page/disallowed.gif")).isFalse();
        assertThat(r.allows("/tie")).isTrue();
        assertThat(r.allows("/private/x")).isFalse();
        assertThat(r.allows("/privateer")).isFalse();
        assertThat(r.allows("/public")).isTrue();
        assertThat(r.allows("/robots.txt")).isTrue();
    }

    @Test
    void wildcardsAndEndAnchors() {
        RobotsTxt r = parse("""
                User-agent: *
                Disallow: /*.gif$
                Disallow: /search?*q=
                Allow: /*.gif?keep
                """, "fanout");
        assertThat(r.allows("/img/a.gif")).isFalse();
        assertThat(r.allows("/img/a.gifs")).isTrue();
        assertThat(r.allows("/img/a.gif?keep=1")).isTrue();
        assertThat(r.allows("/search?lang=en&q=x")).isFalse();
        assertThat(r.allows("/search?lang=en")).isTrue();
    }

    @Test
    void theGroupNamingTheCrawlerWinsOverStar() {
        String text = """
                User-agent: *
                Disallow: /

                User-agent: FanOut
                User-agent: other
                Disallow: /admin
                # comment
                Disallow: /tmp  # trailing comment
                """;
        RobotsTxt mine = parse(text, "fanout");
        assertThat(mine.allows("/index.html")).isTrue();
        assertThat(mine.allows("/admin/x")).isFalse();
        assertThat(mine.allows("/tmp/y")).isFalse();
        assertThat(parse(text, "somebot").allows("/index.html")).isFalse();
    }

    @Test
    void emptyDisallowAndNoRulesAllowEverything() {
        assertThat(parse("User-agent: *\nDisallow:\n", "fanout").allows("/x")).isTrue();
        assertThat(parse("", "fanout").allows("/x")).isTrue();
        assertThat(parse("<html>not robots</html>", "fanout").allows("/x")).isTrue();
        assertThat(RobotsTxt.DISALLOW_ALL.allows("/x")).isFalse();
        assertThat(RobotsTxt.DISALLOW_ALL.allows("/robots.txt")).isTrue();
    }

    @Test
    void manyStarsDoNotBacktrackForever() {
        RobotsTxt r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n", "fanout");
        assertThat(r.allows("/" + "a".repeat(5000))).isTrue();
    }
}
