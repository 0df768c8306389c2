package dev.fanout.internal.crawl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of one robots.txt for one crawler (RFC 9309): the groups naming the crawler's product token, or
 * else the {@code *} groups; the longest matching {@code allow}/{@code disallow} pattern decides, allow winning
 * a tie; {@code *} matches any run of characters and a final {@code $} anchors at the end. Other lines
 * (sitemap, crawl-delay) are ignored. Only the first 500 KiB are read, as the RFC allows. Immutable.
 */
public final class RobotsTxt {
    /** Every path allowed: what a missing (4xx) robots.txt means. */
    public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), true);
    /** Every path disallowed: what an unreachable (5xx, no answer) robots.txt means. */
    public static final RobotsTxt DISALLOW_ALL = new RobotsTxt(List.of(), false);

    private static final int MAX_BYTES = 500 * 1024;

    private record Rule(String pattern, boolean allow) {
    }

    private final List<Rule> rules;
    private final boolean allowUnmatched;

    private RobotsTxt(List<Rule> rules, boolean allowUnmatched) {
        this.rules = rules;
        this.allowUnmatched = allowUnmatched;
    }

    /** The rules {@code body} sets for the crawler whose product token is {@code agent} (e.g. "fanout"). */
    public static RobotsTxt parse(byte[] body, String agent) {
        String text = new String(body, 0, Math.min(body.length, MAX_BYTES), StandardCharsets.UTF_8);
        String token = agent.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>();
        List<Rule> anyone = new ArrayList<>();
        boolean namesMe = false;
        boolean namesAnyone = false;
        boolean inAgentLines = false;
        boolean matchedMe = false;
        for (String raw : text.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (!inAgentLines) {
                    namesMe = false;
                    namesAnyone = false;
                    inAgentLines = true;
                }
                String v = value.toLowerCase(Locale.ROOT);
                namesMe |= v.equals(token) || v.startsWith(token + "/");
                namesAnyone |= v.equals("*");
                matchedMe |= namesMe;
            } else if (key.equals("allow") || key.equals("disallow")) {
                inAgentLines = false;
                if (value.isEmpty()) {
                    continue; // "Disallow:" with nothing disallows nothing
                }
                Rule rule = new Rule(value, key.equals("allow"));
                if (namesMe) {
                    mine.add(rule);
                }
                if (namesAnyone) {
                    anyone.add(rule);
                }
            } else {
                inAgentLines = false;
            }
        }
        return new RobotsTxt(List.copyOf(matchedMe ? mine : anyone), true);
    }

    /** Whether a path (with its query, as sent) may be fetched. */
    public boolean allows(String pathAndQuery) {
        if (pathAndQuery.equals("/robots.txt")) {
            return true;
        }
        int bestLength = -1;
        boolean allowed = allowUnmatched;
        for (Rule r : rules) {
            if (matches(r.pattern, pathAndQuery)) {
                int len = r.pattern.length();
                if (len > bestLength || (len == bestLength && r.allow)) {
                    bestLength = len;
                    allowed = r.allow;
                }
            }
        }
        return allowed;
    }

    /** Pattern matching with {@code *} (any run) and a final {@code $} (end of path); otherwise a prefix match. */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        return glob(anchored ? pattern.substring(0, pattern.length() - 1) : pattern + "*", path);
    }

    /** Whole-string wildcard matching in O(pattern × path), remembering only the last star. */
    private static boolean glob(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (pi < p.length() && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
