package dev.fanout.cli;

import dev.fanout.AdaptiveLimit;
import dev.fanout.Backoff;
import dev.fanout.RateLimit;
import dev.fanout.RedirectPolicy;
import dev.fanout.RetryPolicy;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;

import static dev.fanout.cli.GetOptionTable.ADAPTIVE;
import static dev.fanout.cli.GetOptionTable.ALLOW_INSECURE_REDIRECTS;
import static dev.fanout.cli.GetOptionTable.BACKOFF;
import static dev.fanout.cli.GetOptionTable.BLOCK_NETWORK;
import static dev.fanout.cli.GetOptionTable.BURST;
import static dev.fanout.cli.GetOptionTable.CACERT;
import static dev.fanout.cli.GetOptionTable.CONCURRENCY;
import static dev.fanout.cli.GetOptionTable.CONNECT_TIMEOUT;
import static dev.fanout.cli.GetOptionTable.DEAD_HOST_AFTER;
import static dev.fanout.cli.GetOptionTable.FIRST_BYTE_TIMEOUT;
import static dev.fanout.cli.GetOptionTable.HTTP1_ONLY;
import static dev.fanout.cli.GetOptionTable.IGNORE_RATE_HEADERS;
import static dev.fanout.cli.GetOptionTable.INSECURE;
import static dev.fanout.cli.GetOptionTable.MAX_BODY;
import static dev.fanout.cli.GetOptionTable.MAX_MEMORY;
import static dev.fanout.cli.GetOptionTable.MAX_REDIRECTS;
import static dev.fanout.cli.GetOptionTable.MAX_RETRY_WAIT;
import static dev.fanout.cli.GetOptionTable.PER_HOST;
import static dev.fanout.cli.GetOptionTable.QUIET;
import static dev.fanout.cli.GetOptionTable.RATE;
import static dev.fanout.cli.GetOptionTable.RATE_PER_HOST;
import static dev.fanout.cli.GetOptionTable.READ_TIMEOUT;
import static dev.fanout.cli.GetOptionTable.RETRIES;
import static dev.fanout.cli.GetOptionTable.RETRY_ON;
import static dev.fanout.cli.GetOptionTable.RETRY_UNSAFE;
import static dev.fanout.cli.GetOptionTable.SAVE_DIR;
import static dev.fanout.cli.GetOptionTable.TIMEOUT;

/**
 * The client's settings from {@code get}'s options: limits, timeouts, retries, redirects, TLS, blocked networks,
 * proxies and cookies. A bad value is an IllegalArgumentException naming its option.
 */
final class ClientOptions {
    private ClientOptions() {
    }

    /** Checks the numbers that have a least value. */
    static void check(ParseResult r) {
        atLeast(r, CONCURRENCY, 1);
        atLeast(r, PER_HOST, 1);
        if (MAX_BODY.in(r) < 1) {
            throw new IllegalArgumentException("--max-body must be above zero");
        }
        if (MAX_MEMORY.in(r) != null && MAX_MEMORY.in(r) < 1) {
            throw new IllegalArgumentException("--max-memory must be above zero");
        }
        atLeast(r, RETRIES, 0);
        atLeast(r, BURST, 1);
        atLeast(r, MAX_REDIRECTS, 0);
        atLeast(r, DEAD_HOST_AFTER, 0);
    }

    private static void atLeast(ParseResult r, GetOption<Integer> option, int least) {
        Integer v = option.in(r);
        if (v != null && v < least) {
            throw new IllegalArgumentException(option.shown() + " must be " + (least == 0 ? "0 or more" : "at least " + least) + ", got " + v);
        }
    }

    /** The client's settings; {@code io} gets the warnings ({@code --insecure}, a capped {@code -c}, the proxy in use). */
    static Fanout.Builder builder(ParseResult r, Io io, ProxyOptions proxies, CookieOptions cookies) {
        RetryPolicy retry = RetryPolicy.DEFAULT.withMaxRetries(RETRIES.in(r)).withRetryUnsafe(RETRY_UNSAFE.in(r))
                .withBackoff(Backoff.startingAt(BACKOFF.in(r))).withMaxRetryWait(MAX_RETRY_WAIT.in(r));
        String retryOn = RETRY_ON.in(r);
        if (retryOn != null) {
            try {
                retry = retry.withRetryOn(retryOn);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--retry-on: " + e.getMessage());
            }
        }
        Fanout.Builder b = Fanout.builder()
                .concurrency(OpenFiles.cap(CONCURRENCY.in(r), SAVE_DIR.in(r) != null, io.err()))
                .connectTimeout(CONNECT_TIMEOUT.in(r))
                .firstByteTimeout(FIRST_BYTE_TIMEOUT.in(r))
                .readTimeout(READ_TIMEOUT.in(r))
                .timeout(TIMEOUT.in(r))
                .keepBodies(GetOptionTable.BODY.in(r))
                .maxBodyBytes(MAX_BODY.in(r))
                .retry(retry)
                .deadHostAfter(DEAD_HOST_AFTER.in(r))
                .redirects(new RedirectPolicy(MAX_REDIRECTS.in(r), ALLOW_INSECURE_REDIRECTS.in(r)))
                .rateHeaders(!IGNORE_RATE_HEADERS.in(r));
        if (PER_HOST.in(r) != null) {
            b.perHost(PER_HOST.in(r));
        }
        if (MAX_MEMORY.in(r) != null) {
            b.maxMemory(MAX_MEMORY.in(r));
        }
        if (RATE.in(r) != null) {
            b.rate(rate(RATE, r));
        }
        if (RATE_PER_HOST.in(r) != null) {
            b.ratePerHost(rate(RATE_PER_HOST, r));
        }
        if (ADAPTIVE.in(r)) {
            b.adaptive(AdaptiveLimit.DEFAULT);
        }
        for (String network : BLOCK_NETWORK.in(r)) {
            try {
                b.blockNetwork(network);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--block-network: " + e.getMessage());
            }
        }
        tls(r, b, io);
        b.proxy(proxies.config(io.env(), QUIET.in(r) ? null : io.err()));
        cookies.apply(b);
        return b;
    }

    private static void tls(ParseResult r, Fanout.Builder b, Io io) {
        String cacert = CACERT.in(r);
        boolean insecure = INSECURE.in(r);
        boolean http1Only = HTTP1_ONLY.in(r);
        if (cacert == null && !insecure && !http1Only) {
            return;
        }
        try {
            b.tls(new TlsSettings(cacert == null ? null : Path.of(cacert), insecure, !http1Only));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cacert: " + e.getMessage());
        }
        if (insecure) {
            io.err().println("fanout: warning: --insecure: HTTPS certificates and host names are not checked; "
                    + "anyone on the network path can read and change this traffic");
        }
    }

    private static RateLimit rate(GetOption<String> option, ParseResult r) {
        try {
            RateLimit limit = RateLimit.parse(option.in(r));
            return BURST.in(r) == null ? limit : limit.withBurst(BURST.in(r));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option.shown() + ": " + e.getMessage());
        }
    }
}
