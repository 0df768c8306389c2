package dev.fanout.testserver;

/**
 * A small HTML site under {@code /site/} for crawl tests, with relative links of every kind ({@code about.html},
 * {@code ./b.html}, {@code ../about.html}, {@code /site/}, {@code ?page=2}, fragments), a page robots.txt
 * disallows ({@code /site/private/}), a link to another host ({@code localhost} instead of the server's
 * address, so only an any-host crawl follows it), a {@code mailto:} link and one broken link (404).
 *
 * <p>A same-host crawl from {@code /site/} honouring robots.txt fetches exactly {@link #SAME_HOST_PAGES}.
 */
public final class Site {
    /** What a same-host, robots-honouring crawl from /site/ fetches (paths; the last one is the broken link). */
    public static final java.util.List<String> SAME_HOST_PAGES = java.util.List.of(
            "/site/", "/site/about.html", "/site/docs/", "/site/docs/a.html", "/site/team.html?x=1",
            "/site/docs/b.html", "/site/docs/b.html?page=2", "/site/docs/missing.html");
    public static final String DISALLOWED_PAGE = "/site/private/secret.html";
    public static final String OFFSITE_PAGE = "/site/offsite.html";
    public static final String ROBOTS_TXT = "User-agent: *\nDisallow: /site/private/\n\nUser-agent: otherbot\nDisallow: /\n";

    private Site() {
    }

    /** The page at {@code path} (query ignored), or null when there is none. */
    static String page(String path, int port) {
        return switch (path) {
            case "/site/" -> html("Fanout test site", "Home",
                    "<a href=\"about.html\">About</a>", "<a href=\"docs/\">Docs</a>",
                    "<a href=\"private/secret.html\">Secret</a>",
                    "<a href=\"http://localhost:" + port + "/site/offsite.html\">Elsewhere</a>",
                    "<a href=\"mailto:team@example.org\">Mail</a>", "<a href=\"#top\">Top</a>");
            case "/site/about.html" -> html("About", "About us",
                    "<a href=\"/site/\">Home</a>", "<a href=\"docs/a.html#intro\">A</a>", "<a href=\"team.html?x=1\">Team</a>");
            case "/site/docs/" -> html("Docs", "Documentation",
                    "<a href=\"a.html\">A</a>", "<a href=\"./b.html\">B</a>", "<a href=\"../about.html\">About</a>");
            case "/site/docs/a.html" -> html("Doc A", "Doc A", "<a href=\"b.html\">B</a>", "<a href=\"missing.html\">Missing</a>");
            case "/site/docs/b.html" -> html("Doc B", "Doc B",
                    "<a href=\"./a.html\">A</a>", "<a href=\"/site/docs/\">Docs</a>", "<a href=\"?page=2\">Page 2</a>");
            case "/site/team.html" -> html("Team", "The team", "<a href=\"/site/\">Home</a>");
            case "/site/private/secret.html" -> html("Secret", "Private", "<a href=\"/site/\">Home</a>");
            case "/site/offsite.html" -> html("Off site", "Another host");
            default -> null;
        };
    }

    private static String html(String title, String heading, String... links) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(title).append("</title></head>\n<body><h1>").append(heading).append("</h1>\n<ul>\n");
        for (String link : links) {
            sb.append("  <li>").append(link).append("</li>\n");
        }
        return sb.append("</ul>\n</body></html>\n").toString();
    }
}
