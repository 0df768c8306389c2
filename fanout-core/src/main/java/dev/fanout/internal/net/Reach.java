package dev.fanout.internal.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/**
 * Where one request may connect: made where the request was born (an input, a link or a step's request a crawl
 * found, the robots.txt of a found request's origin, a redirect) and carried with it to the one place that asks
 * before connecting ({@link #refusal}: the transport, on the address a name resolved to, and on the address of a
 * connection about to be reused). Before that, a link or a redirect to a host that is blocked by its name alone
 * ({@link #sensitive}) or out of the crawl's scope is refused where it is found. Immutable.
 *
 * <p>An input may go anywhere: the user gave it. A found request may reach a blocked network only at a host the
 * user named ({@link Bounds#names}) or at the host of the page it was found on (that page was fetched under the
 * same rule); a redirect only at a named host or the host its request started at, when that one was allowed.
 *
 * @param from    where the request was born
 * @param home    the host ({@link Url#host()}'s form) the request may reach at an address in a blocked network
 *                besides the named ones, or null; an input's is whatever host it goes to
 * @param scoped  whether its redirects must stay within the bounds' scope (found requests and their redirects)
 * @param bounds  the hosts the user named and the scope found requests keep to
 * @param blocked the networks only inputs, the home host and named hosts may reach
 */
public record Reach(From from, String home, boolean scoped, Bounds bounds, BlockedNetworks blocked) {

    /** Where a request was born. */
    public enum From {
        /** Given by the user. */
        INPUT,
        /** A link a crawl followed ({@code Frontier.follow}). */
        LINK,
        /** A request a crawl step built itself ({@code Frontier.add}). */
        STEP,
        /** The robots.txt of the origin a found request goes to, fetched as that request. */
        ROBOTS,
        /** Where a 3xx led. */
        REDIRECT
    }

    /** The reach of a run's inputs: anywhere. One value for every input of the run. */
    public static Reach inputs(Bounds bounds, BlockedNetworks blocked) {
        return new Reach(From.INPUT, null, false, bounds, blocked);
    }

    /** A request found ({@code how}: a link or a step's) on the page at {@code fromHost}, going to {@code host}. */
    public Reach found(From how, String fromHost, String host) {
        return new Reach(how, host != null && host.equals(fromHost) ? host : null, true, bounds, blocked);
    }

    /** The robots.txt of the origin this found request goes to: it may connect only where this request may. */
    public Reach robotsTxt() {
        return new Reach(From.ROBOTS, home, scoped, bounds, blocked);
    }

    /** Where a redirect from {@code fromHost} (the host of the request that answered 3xx) may go. */
    public Reach redirected(String fromHost) {
        return new Reach(From.REDIRECT, from == From.INPUT ? fromHost : home, scoped, bounds, blocked);
    }

    /**
     * Whether a link or redirect from {@code fromHost} to {@code host} leads, by the host's name or literal alone,
     * to a link-local or metadata address ({@link SensitiveHosts}) the user did not name: a page or server an
     * attacker controls must not point the client at cloud credentials.
     */
    public boolean sensitive(String fromHost, String host) {
        return SensitiveHosts.is(host) && !host.equals(fromHost) && !bounds.names(host);
    }

    /** Whether a found request at {@code fromHost} may lead to {@code host} (the crawl's scope). */
    public boolean inScope(String fromHost, String host) {
        return bounds.allows(fromHost, host);
    }

    /** Why a redirect from {@code fromHost} to {@code toHost} is not followed, or null when it may be. */
    public String refusesRedirect(String fromHost, String toHost) {
        if (sensitive(fromHost, toHost)) {
            return "redirect to a link-local or metadata address refused";
        }
        if (scoped && !inScope(fromHost, toHost)) {
            return "redirect out of the crawl's scope (" + toHost + ") refused";
        }
        return null;
    }

    /**
     * Why the request may not connect to {@code host} ({@link Url#host()}'s form) at {@code address}, or null when
     * it may: the one check made before connecting, after the name was resolved.
     */
    public String refusal(String host, InetAddress address) {
        if (from == From.INPUT) {
            return null; // asked before each request's connection, reused or new: an input needs no look at the networks
        }
        Cidr network = blocked.blocking(address);
        if (network == null || host.equals(home) || bounds.names(host)) {
            return null;
        }
        String where = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) ? host + " is"
                : host + " resolves to " + address.getHostAddress() + ",";
        return where + " in the blocked network " + network + ", where redirects and crawled links may not connect";
    }
}
