package dev.fanout.internal.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a request may connect, by where it was born: the rules {@link Reach} holds in one place. */
class ReachTest {
    private static final BlockedNetworks BLOCKED = BlockedNetworks.of(List.of("10.0.0.0/8"));
    private static final InetAddress INSIDE = address("10.1.2.3");
    private static final InetAddress OUTSIDE = address("192.0.2.1");
    /** A crawl's bounds: its scope names internal.example and keeps found requests on site.example. */
    private static final Bounds CRAWL = new Bounds() {
        @Override
        public boolean names(String host) {
            return host.equals("internal.example");
        }

        @Override
        public boolean allows(String fromHost, String toHost) {
            return toHost.endsWith("site.example") || toHost.equals("internal.example");
        }
    };

    @Test
    void anInputMayGoAnywhere() {
        Reach input = Reach.inputs(Bounds.OPEN, BLOCKED);
        assertThat(input.refusal("db.example", INSIDE)).isNull();
        assertThat(input.refusal("10.1.2.3", INSIDE)).isNull();
    }

    @Test
    void aFoundRequestReachesABlockedNetworkOnlyAtThePagesHostOrANamedOne() {
        Reach inputs = Reach.inputs(CRAWL, BLOCKED);
        Reach sameHost = inputs.found(Reach.From.LINK, "site.example", "site.example");
        Reach elsewhere = inputs.found(Reach.From.LINK, "site.example", "db.site.example");
        Reach named = inputs.found(Reach.From.STEP, "site.example", "internal.example");

        assertThat(sameHost.refusal("site.example", INSIDE)).isNull();
        assertThat(elsewhere.refusal("db.site.example", INSIDE))
                .isEqualTo("db.site.example resolves to 10.1.2.3, in the blocked network 10.0.0.0/8, where redirects and crawled links may not connect");
        assertThat(elsewhere.refusal("db.site.example", OUTSIDE)).isNull();
        assertThat(named.refusal("internal.example", INSIDE)).isNull();
        assertThat(elsewhere.robotsTxt().refusal("db.site.example", INSIDE)).as("robots.txt goes where its link may").isNotNull();
        assertThat(sameHost.robotsTxt().refusal("site.example", INSIDE)).isNull();
    }

    @Test
    void aRedirectMayReachABlockedNetworkOnlyAtTheHostItsRequestStartedAt() {
        Reach input = Reach.inputs(Bounds.OPEN, BLOCKED);
        Reach once = input.redirected("app.example");
        Reach twice = once.redirected("cdn.example");
        assertThat(once.from()).isEqualTo(Reach.From.REDIRECT);
        assertThat(once.refusal("app.example", INSIDE)).isNull();
        assertThat(once.refusal("10.9.9.9", address("10.9.9.9")))
                .isEqualTo("10.9.9.9 is in the blocked network 10.0.0.0/8, where redirects and crawled links may not connect");
        assertThat(twice.refusal("app.example", INSIDE)).as("back at the input's host").isNull();
        assertThat(twice.refusal("cdn.example", INSIDE)).isNotNull();
    }

    @Test
    void redirectsOfFoundRequestsKeepToTheScopeAndNoneGoesToMetadataByName() {
        Reach inputs = Reach.inputs(CRAWL, BLOCKED);
        Reach found = inputs.found(Reach.From.LINK, "site.example", "site.example");
        assertThat(inputs.refusesRedirect("site.example", "other.example")).as("an input's redirect goes anywhere").isNull();
        assertThat(found.refusesRedirect("site.example", "other.example")).isEqualTo("redirect out of the crawl's scope (other.example) refused");
        assertThat(found.redirected("site.example").refusesRedirect("site.example", "other.example")).isNotNull();
        assertThat(inputs.refusesRedirect("site.example", "169.254.169.254")).isEqualTo("redirect to a link-local or metadata address refused");
        assertThat(inputs.sensitive("site.example", "metadata.google.internal")).isTrue();
        assertThat(inputs.sensitive("169.254.169.254", "169.254.169.254")).as("a link on the host itself").isFalse();
        assertThat(inputs.sensitive("site.example", "www.site.example")).isFalse();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
