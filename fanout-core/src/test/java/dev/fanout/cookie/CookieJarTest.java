package dev.fanout.cookie;

import dev.fanout.Cookie;
import dev.fanout.CookieJar;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestProxy;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cookie jar: RFC 6265 storage and sending rules, curl's file format, and cookies kept across a run's requests. */
@ExtendWith(LeakCheckExtension.class)
class CookieJarTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void cookiesAreSentWhereRfc6265Says() {
        CookieJar jar = CookieJar.empty();
        jar.store("www.shop.test", "/cart/view?x=1", true, List.of(
                "host=1", // host-only, default path /cart
                "dom=2; Domain=.shop.test; Path=/",
                "sec=3; Secure; Path=/",
                "deep=4; Path=/cart/items",
                "other=5; Domain=evil.test",  // not the request's site: ignored
                "tld=6; Domain=test"));        // a whole top-level domain: ignored
        assertThat(jar.header("www.shop.test", "/cart", true)).isEqualTo("host=1; dom=2; sec=3");
        assertThat(jar.header("www.shop.test", "/cart/items/9", true)).startsWith("deep=4; ");
        assertThat(jar.header("www.shop.test", "/cartoon", true)).isEqualTo("dom=2; sec=3");
        assertThat(jar.header("api.shop.test", "/cart", true)).as("host-only stays on its host").isEqualTo("dom=2");
        assertThat(jar.header("www.shop.test", "/", false)).as("Secure only over https").isEqualTo("dom=2");
        assertThat(jar.header("evil.test", "/", true)).isNull();
        assertThat(jar.header("notshop.test", "/", true)).isNull();

        jar.store("www.shop.test", "/", true, List.of("dom=gone; Domain=shop.test; Path=/; Max-Age=0"));
        assertThat(jar.header("www.shop.test", "/", true)).isEqualTo("sec=3");
        jar.store("plain.test", "/", false, List.of("s=1; Secure"));
        assertThat(jar.header("plain.test", "/", true)).as("a Secure cookie is not taken from http").isNull();
        assertThat(jar.cookies().get(0).toString()).doesNotContain("=1;").contains("***");
    }

    @Test
    void anExpiredCookieIsNotSentAndAReplacedOneIsSentOnce() {
        CookieJar jar = CookieJar.empty();
        jar.store("h.test", "/", false, List.of("a=1", "old=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT"));
        jar.store("h.test", "/", false, List.of("a=2"));
        assertThat(jar.header("h.test", "/", false)).isEqualTo("a=2");
    }

    @Test
    void theJarFileIsCurlsFormatWrittenAtomicallyForItsOwnerOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jar.txt");
        Files.writeString(file, """
                # Netscape HTTP Cookie File
                # a comment
                .shop.test\tTRUE\t/\tFALSE\t4102444800\tdom\tD
                #HttpOnly_www.shop.test\tFALSE\t/app\tTRUE\t0\tsid\tS3CRET
                old.test\tFALSE\t/\tFALSE\t1000\texpired\tE
                """);
        CookieJar jar = CookieJar.load(file);
        assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("dom", "sid");
        Cookie sid = jar.cookies().get(1);
        assertThat(sid.httpOnly()).isTrue();
        assertThat(sid.hostOnly()).isTrue();
        assertThat(sid.secure()).isTrue();
        assertThat(sid.expiresMillis()).as("a session cookie").isZero();
        assertThat(jar.header("www.shop.test", "/app/x", true)).isEqualTo("sid=S3CRET; dom=D");

        jar.store("www.shop.test", "/", true, List.of("n=v; Max-Age=3600; HttpOnly"));
        Path out = dir.resolve("out.txt");
        jar.save(out);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(out)).contains(".shop.test\tTRUE\t/\tFALSE\t4102444800\tdom\tD",
                "#HttpOnly_www.shop.test\tFALSE\t/app\tTRUE\t0\tsid\tS3CRET");
        assertThat(Files.readString(out)).startsWith("# Netscape HTTP Cookie File").contains("#HttpOnly_www.shop.test\tFALSE\t/\tFALSE\t");
        assertThat(CookieJar.load(out).cookies()).isEqualTo(jar.cookies());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactlyInAnyOrder("jar.txt", "out.txt");
        }
        assertThat(CookieJar.load(dir.resolve("missing.txt")).size()).isZero();
        Files.writeString(file, "not a cookie line\n");
        assertThatThrownBy(() -> CookieJar.load(file)).hasMessageContaining("line 1: not a cookie line");
    }

    private static String setCookie(String... cookies) {
        StringBuilder q = new StringBuilder("/set-cookie?");
        for (String c : cookies) {
            q.append(q.charAt(q.length() - 1) == '?' ? "" : "&").append("c=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    @Test
    void setCookieAnswersAreKeptForTheRunIncludingOnRedirectsAndThroughAProxy() {
        CookieJar jar = CookieJar.empty();
        try (TestProxy proxy = TestProxy.start(TestProxy.Options.DEFAULT);
             Fanout fanout = Fanout.builder().cookies(jar).proxy(ProxyConfig.of(Proxy.parse(proxy.url(null)))).build()) {
            String login = server.url(setCookie("sid=abc; Path=/; HttpOnly") + "&to=" + URLEncoder.encode("/echo", StandardCharsets.UTF_8));
            Outcome afterRedirect = fanout.fetch(Request.get(login)).join();
            assertThat(afterRedirect.redirects()).isEqualTo(1);
            assertThat(afterRedirect.bodyText()).as("the 302's cookie goes with the next hop").contains("\"cookie\":\"sid=abc\"");
            Outcome own = fanout.fetch(Request.get(server.url("/echo")).withHeader("Cookie", "mine=1")).join();
            assertThat(own.bodyText()).contains("\"cookie\":\"mine=1; sid=abc\"");
            assertThat(proxy.requests()).isEqualTo(3);
        }
        assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("sid");
    }
}
