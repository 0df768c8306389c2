package dev.fanout;

/**
 * Which redirects a client follows (301, 302, 303, 307, 308 with a Location). A 303 — and a 301 or 302 after a
 * POST — continues as a GET without the body, as browsers do; 307 and 308 repeat the method and body.
 * {@code Authorization}, {@code Cookie} and {@code Proxy-Authorization} are dropped as soon as a redirect leaves
 * the origin (scheme, host or port), so a credential never follows a redirect elsewhere. A loop, more than
 * {@code maxRedirects} hops, or a step from https to http (unless {@code allowDowngrade}) ends the request as
 * {@link FailureKind#REDIRECT}.
 *
 * @param maxRedirects   hops followed at most; 0 records a 3xx as it came
 * @param allowDowngrade whether a redirect from https to http is followed
 */
public record RedirectPolicy(int maxRedirects, boolean allowDowngrade) {
    /** Up to 10 hops, never from https to http. */
    public static final RedirectPolicy DEFAULT = new RedirectPolicy(10, false);
    /** Redirects are not followed: a 3xx is the outcome. */
    public static final RedirectPolicy NONE = new RedirectPolicy(0, false);

    public RedirectPolicy {
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be 0 or more, got " + maxRedirects);
        }
    }
}
