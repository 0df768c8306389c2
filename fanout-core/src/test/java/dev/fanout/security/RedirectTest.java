package dev.fanout.security;

import dev.fanout.FailureKind;
import dev.fanout.Outcome;
import dev.fanout.RedirectPolicy;
import dev.fanout.Request;
import dev.fanout.TlsSettings;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestCertificates;
import dev.fanout.testserver.TestServer;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Redirects: followed within limits, loops caught, credentials kept to their origin, no https → http. */
@ExtendWith(LeakCheckExtension.class)
class RedirectTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static Outcome fetch(Request r) {
        return fetch(r, RedirectPolicy.DEFAULT);
    }

    private static Outcome fetch(Request r, RedirectPolicy policy) {
        try (Fanout fanout = Fanout.builder().redirects(policy).retries(0).tls(new TlsSettings(null, true)).build()) {
            return fanout.fetch(r).join();
        }
    }

    private static String redirectTo(String base, String target, int status) {
        return base + "/redirect-to?status=" + status + "&url=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Test
    void aChainIsFollowedAndTheRecordSaysWhereItEnded() {
        Request start = Request.get(server.url("/redirect/3"));
        Outcome o = fetch(start);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.redirects()).isEqualTo(3);
        assertThat(o.finalUrl()).isEqualTo(server.url("/redirect/0"));
        assertThat(o.request()).isEqualTo(start);
        assertThat(o.bodyText()).contains("redirected");
    }

    @Test
    void tooManyHopsALoopAndANonHttpLocationEndAsRedirectFailures() {
        Outcome many = fetch(Request.get(server.url("/redirect/5")), new RedirectPolicy(4, false));
        assertThat(many.failure().kind()).isEqualTo(FailureKind.REDIRECT);
        assertThat(many.failure().message()).startsWith("more than 4 redirects");
        assertThat(many.redirects()).isEqualTo(4);

        Outcome loop = fetch(Request.get(server.url("/redirect-loop/a")));
        assertThat(loop.failure().kind()).isEqualTo(FailureKind.REDIRECT);
        assertThat(loop.failure().message()).isEqualTo("redirect loop: back to " + server.url("/redirect-loop/a"));

        Outcome ftp = fetch(Request.get(redirectTo(server.url(""), "ftp://files.example/x", 302)));
        assertThat(ftp.failure().message()).contains("not an http(s) URL");

        // refused before any connection is tried: nothing leaves loopback
        Outcome metadata = fetch(Request.get(redirectTo(server.url(""), "http://169.254.169.254/latest/meta-data/", 302)));
        assertThat(metadata.failure().kind()).isEqualTo(FailureKind.REDIRECT);
        assertThat(metadata.failure().message()).startsWith("redirect to a link-local or metadata address refused");
    }

    @Test
    void withRedirectsOffThe3xxIsTheOutcome() {
        Outcome o = fetch(Request.get(server.url("/redirect/2")), RedirectPolicy.NONE);
        assertThat(o.status()).isEqualTo(302);
        assertThat(o.redirects()).isZero();
        assertThat(o.headers().get("location")).isEqualTo("/redirect/1");
    }

    @Test
    void credentialsAreDroppedWhenARedirectLeavesTheOrigin() {
        // 127.0.0.1 and localhost are different origins on the same server
        String sameOrigin = server.url("/echo");
        String otherOrigin = sameOrigin.replace("127.0.0.1", "localhost");
        Request secret = Request.get(redirectTo(server.url(""), otherOrigin, 302))
                .withHeader("Authorization", "Bearer s3cret").withHeader("Cookie", "session=1")
                .withHeader("Proxy-Authorization", "Basic x").withHeader("X-Other", "kept");
        Outcome away = fetch(secret);
        assertThat(away.status()).isEqualTo(200);
        assertThat(away.finalUrl()).isEqualTo(otherOrigin);
        assertThat(away.bodyText()).doesNotContain("s3cret").doesNotContain("session=1")
                .doesNotContain("proxy-authorization").contains("\"x-other\":\"kept\"");

        Outcome stay = fetch(Request.get(redirectTo(server.url(""), sameOrigin, 302)).withHeader("Authorization", "Bearer s3cret"));
        assertThat(stay.bodyText()).contains("Bearer s3cret");
    }

    @Test
    void aPostSeeOtherBecomesAGetWhileA307RepeatsTheBody() {
        Outcome seeOther = fetch(Request.of("POST", redirectTo(server.url(""), server.url("/echo"), 303), "payload")
                .withHeader("Content-Type", "text/plain"));
        assertThat(seeOther.bodyText()).contains("\"method\":\"GET\"").contains("\"body\":\"\"").doesNotContain("text/plain");
        Outcome temporary = fetch(Request.of("POST", redirectTo(server.url(""), server.url("/echo"), 307), "payload"));
        assertThat(temporary.bodyText()).contains("\"method\":\"POST\"").contains("\"body\":\"payload\"");
    }

    @Test
    void httpsToHttpIsRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "r", "ip:127.0.0.1");
        try (TestServer https = TestServer.builder().tls(certs).start()) {
            Request down = Request.get(redirectTo(https.url(""), server.url("/small"), 301));
            Outcome refused = fetch(down);
            assertThat(refused.failure().kind()).isEqualTo(FailureKind.REDIRECT);
            assertThat(refused.failure().message()).startsWith("redirect from https to http refused");
            assertThat(fetch(down, new RedirectPolicy(10, true)).status()).isEqualTo(200);
        }
    }
}
