package dev.fanout.internal.engine;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.RedirectPolicy;
import dev.fanout.Request;
import dev.fanout.internal.net.InvalidUrlException;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

/**
 * Decides what a 3xx leads to, by the {@link RedirectPolicy}: the next request (method, body and headers
 * adjusted), a {@link FailureKind#REDIRECT} outcome (loop, too many, downgrade, bad Location, a jump to a
 * link-local or metadata address), or nothing — the 3xx is then the outcome.
 */
final class Redirects {
    /** Dropped when a redirect leaves the origin: a credential for one server never goes to another. */
    private static final String[] CREDENTIALS = {"Authorization", "Cookie", "Proxy-Authorization"};

    private Redirects() {
    }

    static boolean isRedirect(Outcome attempt) {
        return attempt.hasResponse() && switch (attempt.status()) {
            case 301, 302, 303, 307, 308 -> true;
            default -> false;
        };
    }

    /** What the call does next: a {@link Next} to follow, an {@link Outcome} to end with, or null to keep the 3xx. */
    static Object follow(Call call, Outcome attempt, RedirectPolicy policy) {
        String location = attempt.headers().get("location");
        if (location == null || location.isBlank()) {
            return null;
        }
        Request current = call.request();
        Url from = call.target();
        Url next;
        try {
            next = from.resolveChecked(location);
        } catch (InvalidUrlException e) {
            return refused(attempt, "Location " + shorten(location) + ": " + e.getMessage());
        }
        if (next == null) {
            return refused(attempt, "Location " + shorten(location) + " is not an http(s) URL");
        }
        if (call.redirects() >= policy.maxRedirects()) {
            return refused(attempt, "more than " + policy.maxRedirects() + " redirects (last to " + shorten(next.text()) + ")");
        }
        if (call.visited(next)) {
            return refused(attempt, "redirect loop: back to " + shorten(next.text()));
        }
        if (from.tls() && !next.tls() && !policy.allowDowngrade()) {
            return refused(attempt, "redirect from https to http refused: " + shorten(next.text()));
        }
        Reach reach = call.reach();
        String outOfBounds = reach.refusesRedirect(from.host(), next.host());
        if (outOfBounds != null) {
            return refused(attempt, outOfBounds + ": " + shorten(next.text()));
        }
        boolean sameOrigin = next.originKey().equals(from.originKey());
        return new Next(nextRequest(current, attempt.status(), next.text(), sameOrigin), next, reach.redirected(from.host()));
    }

    /** The request to send to {@code url}: GET without body after a 303 (or a 301/302 of a POST), else the same. */
    private static Request nextRequest(Request current, int status, String url, boolean sameOrigin) {
        boolean toGet = (status == 303 && !current.method().equals("HEAD"))
                || ((status == 301 || status == 302) && current.method().equals("POST"));
        Headers headers = current.headers();
        if (!sameOrigin) {
            headers = headers.without(CREDENTIALS);
        }
        if (toGet) {
            headers = headers.without("Content-Type", "Content-Length");
        }
        return new Request(toGet ? "GET" : current.method(), url, headers, toGet ? null : current.body(), current.params(),
                current.depth(), current.parent());
    }

    private static Outcome refused(Outcome attempt, String why) {
        return Outcome.builder(attempt.request()).index(attempt.index()).failure(new Failure(FailureKind.REDIRECT, why, true))
                .bytes(attempt.bytes()).elapsedNanos(attempt.elapsedNanos()).attempts(attempt.attempts())
                .lastError(attempt.lastError()).build();
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Where to go next, and where the request may connect from there. */
    record Next(Request request, Url url, Reach reach) {
    }
}
