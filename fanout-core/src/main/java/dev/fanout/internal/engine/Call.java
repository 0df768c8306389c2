package dev.fanout.internal.engine;

import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.Request;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;
import dev.fanout.internal.transport.TransportCall;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One request on its way through the engine: admitted, waiting for a slot, then executing. Owned by the
 * engine; the listener is called exactly once with the request's outcome.
 */
public final class Call implements TransportCall {
    private final Request original;
    private final long index;
    private final Consumer<Outcome> listener;
    // changed only by a redirect, between attempts (the same hand-offs order it as the attempt bookkeeping)
    private Request request;
    private Url target;
    private Reach reach;
    private int redirects;
    private Set<String> visited;

    Call(Request request, long index, Url target, Reach reach, Consumer<Outcome> listener) {
        this.original = request;
        this.request = request;
        this.index = index;
        this.target = target;
        this.reach = reach;
        this.listener = listener;
    }

    /** The request to send now: the input's, or where redirects have led. */
    public Request request() {
        return request;
    }

    /** The request as it was given. */
    Request original() {
        return original;
    }

    int redirects() {
        return redirects;
    }

    /** Where this call may connect now: decided where its request was born, or by the redirect that led here. */
    public Reach reach() {
        return reach;
    }

    /** Whether {@code url} was requested already by this call (the input's URL included). */
    boolean visited(Url url) {
        if (visited == null) {
            // asked first at the first redirect, while the call is still at its input's URL
            visited = new HashSet<>();
            visited.add(target.normalized());
        }
        return !visited.add(url.normalized());
    }

    /** Continues at {@code next} ({@code nextUrl}, within {@code nextReach}) after a redirect. */
    void redirectTo(Request next, Url nextUrl, Reach nextReach) {
        request = next;
        target = nextUrl;
        reach = nextReach;
        redirects++;
    }

    public long index() {
        return index;
    }

    /** The URL the call goes to now: its request's, parsed once. */
    public Url target() {
        return target;
    }

    // the proxy of the current attempt, set by the dispatcher before it starts (same hand-offs as attempts)
    private Proxy proxy;
    private int proxyIndex = -1;
    private int failedProxy = -1;

    /** The proxy this attempt goes through, or null when it connects directly. */
    public Proxy proxy() {
        return proxy;
    }

    /** Index of the attempt's proxy in the router, or -1. */
    int proxyIndex() {
        return proxyIndex;
    }

    /** The proxy the previous attempt failed on ({@link dev.fanout.FailureKind#PROXY}), or -1. */
    int failedProxy() {
        return failedProxy;
    }

    void route(int index, Proxy through) {
        proxyIndex = index;
        proxy = through;
    }

    /** The attempt through the current proxy ended; remembers it when the proxy was what failed. */
    void routeEnded(boolean proxyFailed) {
        failedProxy = proxyFailed ? proxyIndex : -1;
        proxyIndex = -1;
    }

    private boolean delivered;
    // attempt bookkeeping: each step happens-before the next (dispatcher lock, event loop hand-off, timer queue)
    /** Attempts the retry budget counts. */
    private int attempts;
    /** Every time the request was sent, re-sends after a reused connection failed included. */
    private int sends;
    private String lastError;

    /** Over-quota answers retried so far (429, or 403 with a remainder of 0): bounded apart from the retry budget. */
    private int quotaRetries;
    static final int MAX_QUOTA_RETRIES = 20;

    /** Whether {@code attempt} is an over-quota answer worth another try (counting it when so). */
    boolean quotaRetry(Outcome attempt) {
        var fields = dev.fanout.QuotaFields.of(attempt.headers(), System.currentTimeMillis());
        if (!dev.fanout.QuotaFields.overQuota(attempt.status(), fields) || !request.idempotent()
                || quotaRetries >= MAX_QUOTA_RETRIES) {
            return false;
        }
        quotaRetries++;
        return true;
    }

    /** Counts an attempt that ended; returns the attempts made so far, as the retry budget counts them. */
    int attemptEnded() {
        sends++;
        return ++attempts;
    }

    /**
     * The transport sent the request once more within one attempt, after {@code error} (a reused keep-alive
     * connection closed under it): a send that counts in {@code attempts}, not against the retry budget.
     */
    public void sentAgain(String error) {
        sends++;
        lastError = error;
    }

    private boolean setAside;

    /**
     * The transport let go of this call's half-read body to unblock the memory budget ({@code why}): it was sent,
     * and goes back to the queue to be sent again, not against the retry budget.
     */
    public void setAside(String why) {
        sentAgain(why);
        setAside = true;
    }

    /** Whether the attempt that just ended was set aside (and clears it). */
    boolean takeSetAside() {
        boolean was = setAside;
        setAside = false;
        return was;
    }

    /** Every send so far: what the outcome reports as its attempts. */
    int attempts() {
        return sends;
    }

    /** Records why the call is about to be tried again. */
    void retryingAfter(String error) {
        lastError = error;
    }

    String lastError() {
        return lastError;
    }

    /** Hands the outcome to the listener unless one was delivered already; true if this one was. */
    boolean deliver(Outcome outcome) {
        synchronized (this) {
            if (delivered) {
                return false;
            }
            delivered = true;
        }
        listener.accept(outcome);
        return true;
    }
}
