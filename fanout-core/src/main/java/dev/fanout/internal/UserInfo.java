package dev.fanout.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials in a URL's user-info ({@code https://user:pass@host/}): sent as Basic authentication (as curl
 * does) and never written anywhere — records, messages and reports show the URL with {@code ***} in their
 * place.
 */
public final class UserInfo {
    private UserInfo() {
    }

    /** The user-info of an absolute URL, or null when it has none. Cheap when there is no '@'. */
    public static String of(String url) {
        if (url.indexOf('@') < 0) {
            return null;
        }
        int start = url.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? null : url.substring(start, at);
    }

    /** The URL with its user-info replaced by {@code ***}; the URL itself when it has none. */
    public static String redact(String url) {
        String info = of(url);
        return info == null ? url : url.replace(info + "@", "***@");
    }

    /**
     * {@code text} (a message that may quote the URL) with the URL's user-info replaced by {@code ***} where
     * it appears as in a URL ({@code user:pass@}); other text is left alone, however short the user name.
     */
    public static String redact(String text, String url) {
        String info = text == null ? null : of(url);
        return info == null || info.isEmpty() ? text : text.replace(info + "@", "***@");
    }

    /** The {@code Authorization: Basic …} value for the user-info, percent-decoded as RFC 3986 says. */
    public static String basicAuthorization(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString((user(userInfo) + ":" + password(userInfo))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The user name of a user-info, percent-decoded. */
    public static String user(String userInfo) {
        int colon = userInfo.indexOf(':');
        return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    }

    /** The password of a user-info, percent-decoded; "" when there is none. */
    public static String password(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
