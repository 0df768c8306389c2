package dev.fanout.testserver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A place search shaped like Google Places' text search: {@code /places/textsearch/json?query=Q} answers a
 * page of items, {@code {"status":"OK","results":[{"name":…,"rating":…,"geometry":{"location":{"lat":…,
 * "lng":…}}},…],"next":"/places/textsearch/json?query=Q&page=2"}}, the {@code next} link in the body until the
 * last page. {@code pages} (default 3) and {@code per} (items per page, default 2) shape it; the query
 * {@code none} has no results ({@code "status":"ZERO_RESULTS"}); {@code page} beyond the last is a 404. The
 * same query gives the same items on every run.
 */
public final class Places {
    private Places() {
    }

    /** The name of item {@code i} (from 0) of page {@code page} (from 1) for {@code query}. */
    public static String name(String query, int page, int i) {
        return query + " #" + page + "." + i;
    }

    /** The rating of that item: 1.0 to 5.0 with one decimal. */
    public static String rating(String query, int page, int i) {
        int h = Math.floorMod((query + page + "." + i).hashCode(), 41);
        return (10 + h) / 10 + "." + (10 + h) % 10;
    }

    /** The page's status and body, or null for a page that does not exist. */
    static String pageJson(Map<String, List<String>> params) {
        String query = first(params, "query", "");
        int pages = number(params, "pages", 3);
        int per = number(params, "per", 2);
        int page = number(params, "page", 1);
        if (query.equals("none")) {
            return "{\"status\":\"ZERO_RESULTS\",\"results\":[]}";
        }
        if (page < 1 || page > pages) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{\"status\":\"OK\",\"results\":[");
        for (int i = 0; i < per; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(name(query, page, i)))
                    .append(",\"rating\":").append(rating(query, page, i))
                    .append(",\"geometry\":{\"location\":{\"lat\":").append(48 + page).append('.').append(i)
                    .append(",\"lng\":").append(11 + i).append(".5}}}");
        }
        sb.append(']');
        if (page < pages) {
            sb.append(",\"next\":").append(Json.quote("/places/textsearch/json?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&pages=" + pages + "&per=" + per + "&page=" + (page + 1)));
        }
        return sb.append('}').toString();
    }

    private static String first(Map<String, List<String>> params, String name, String absent) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? absent : v.get(0);
    }

    private static int number(Map<String, List<String>> params, String name, int absent) {
        try {
            return Integer.parseInt(first(params, name, Integer.toString(absent)));
        } catch (NumberFormatException e) {
            return absent;
        }
    }
}
