package dev.fanout.internal.engine;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.RedirectPolicy;
import dev.fanout.Request;
import dev.fanout.internal.crawl.Links;
import dev.fanout.internal.crawl.SensitiveHosts;
import dev.fanout.internal.transport.InvalidUrlException;
import dev.fanout.internal.transport.Target;

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
        String next = Links.resolve(current.url(), location);
        if (next == null) {
            return refused(attempt, "Location " + shorten(location) + " is not an http(s) URL");
        }
        if (call.redirects() >= policy.maxRedirects()) {
            return refused(attempt, "more than " + policy.maxRedirects() + " redirects (last to " + shorten(next) + ")");
        }
        if (call.visited(Links.normalize(next))) {
            return refused(attempt, "redirect loop: back to " + shorten(next));
        }
        boolean downgrade = current.url().regionMatches(true, 0, "https:", 0, 6) && next.regionMatches(true, 0, "http:", 0, 5);
        if (downgrade && !policy.allowDowngrade()) {
            return refused(attempt, "redirect from https to http refused: " + shorten(next));
        }
        String toHost = Links.host(next);
        String fromHost = Links.host(current.url());
        if (toHost != null && SensitiveHosts.is(toHost) && !toHost.equals(fromHost) && !call.boundary().names(toHost)) {
            // a public server must not be able to point the client at cloud-metadata credentials
            return refused(attempt, "redirect to a link-local or metadata address refused: " + shorten(next));
        }
        String outOfBounds = toHost == null || fromHost == null ? null : call.boundary().refusesRedirect(call.original(), fromHost, toHost);
        if (outOfBounds != null) {
            return refused(attempt, outOfBounds + ": " + shorten(next));
        }
        Target target;
        try {
            target = Target.parse(next);
        } catch (InvalidUrlException e) {
            return refused(attempt, "Location " + shorten(next) + ": " + e.getMessage());
        }
        boolean sameOrigin = target.originKey().equals(call.target().originKey());
        return new Next(nextRequest(current, attempt.status(), next, sameOrigin), target);
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
        return Outcome.failed(attempt.request(), attempt.index(), new Failure(FailureKind.REDIRECT, why, true), attempt.bytes(),
                attempt.elapsedNanos()).withAttempts(attempt.attempts(), attempt.lastError());
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Where to go next. */
    record Next(Request request, Target target) {
    }
}
