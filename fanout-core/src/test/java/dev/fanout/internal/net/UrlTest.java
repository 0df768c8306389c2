package dev.fanout.internal.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://Example.COM/a/b?x=1#frag | false | example.com | 80   | /a/b?x=1      | example.com      | http://example.com",
            "https://h:8443                  | true  | h           | 8443 | /             | h:8443           | https://h:8443",
            "http://h?q=1                    | false | h           | 80   | /?q=1         | h                | http://h",
            "http://user:pw@h:80/p           | false | h           | 80   | /p            | h                | http://h",
            "HTTP://[::1]:9000/x             | false | ::1         | 9000 | /x            | [::1]:9000       | http://[::1]:9000",
            "http://h:/p                     | false | h           | 80   | /p            | h                | http://h",
            "http://my_host.local/p%20q      | false | my_host.local | 80 | /p%20q        | my_host.local    | http://my_host.local",
    })
    void parsesWhatRequestsNeed(String url, boolean tls, String host, int port, String target, String hostHeader, String origin)
            throws Exception {
        Url t = Url.parse(url);
        assertThat(t.tls()).isEqualTo(tls);
        assertThat(t.host()).isEqualTo(host);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.pathAndQuery()).isEqualTo(target);
        assertThat(t.hostHeader()).isEqualTo(hostHeader);
        assertThat(t.originKey()).isEqualTo(origin);
    }

    @Test
    void charactersHttpDoesNotAllowInThePathArePercentEncoded() throws Exception {
        assertThat(Url.parse("http://h/a b/\"q\"?s={x}|é").pathAndQuery()).isEqualTo("/a%20b/%22q%22?s=%7Bx%7D%7C%C3%A9");
        assertThat(Url.parse("http://h/<a>^`?x=\\").pathAndQuery()).isEqualTo("/%3Ca%3E%5E%60?x=%5C");
        assertThat(Url.parse("http://h/a-b_c.d~e!$&'()*+,;=:@/?q=1&r=%41").pathAndQuery())
                .isEqualTo("/a-b_c.d~e!$&'()*+,;=:@/?q=1&r=%41");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                      | empty URL",
            "example.com/page        | no scheme: URLs must start with http:// or https://",
            "ftp://example.com/      | unsupported scheme 'ftp': only http and https",
            "http:/broken            | malformed URL: expected '//' after 'http:'",
            "http://exa mple.com/    | invalid host 'exa mple.com': character ' ' at index 3",
            "http:///path            | no host",
            "http://h:99999/         | invalid port 99999",
            "http://h:0/             | invalid port 0",
            "http://h:8o/            | invalid port in 'h:8o'",
            "http://[zz]/            | invalid IPv6 host '[zz]'",
            "http://h/a%2           | malformed URL: '%' not followed by two hex digits at index 10",
    })
    void refusesWithAOneLineReason(String url, String message) {
        assertThatThrownBy(() -> Url.parse(url)).isInstanceOf(InvalidUrlException.class).hasMessage(message);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> Url.parse("http://h/a\u0001b")).hasMessage("malformed URL: control character \\x01 at index 10");
    }

    @Test
    void internationalNamesAreConvertedToPunycodeAsCurlAndBrowsersDo() throws Exception {
        Url t = Url.parse("http://Bücher.example:8080/ä");
        assertThat(t.host()).isEqualTo("xn--bcher-kva.example");
        assertThat(t.hostHeader()).isEqualTo("xn--bcher-kva.example:8080");
        assertThat(t.originKey()).isEqualTo("http://xn--bcher-kva.example:8080");
        assertThat(t.pathAndQuery()).isEqualTo("/%C3%A4");
        assertThat(Url.parse("https://例え.テスト/").host()).isEqualTo("xn--r8jz45g.xn--zckzah");
        assertThat(Url.parse("https://xn--bcher-kva.example/").originKey())
                .isEqualTo(Url.parse("https://bücher.example/").originKey());
        assertThatThrownBy(() -> Url.parse("http://" + "ü".repeat(70) + ".example/"))
                .isInstanceOf(InvalidUrlException.class).hasMessageStartingWith("invalid international host name");
    }

    @Test
    void anIpv6HostHasOneSpellingWhateverTheUrlWrites() throws Exception {
        Url full = Url.parse("http://[0:0:0:0:0:0:0:1]:8080/x");
        assertThat(full.host()).isEqualTo("::1");
        assertThat(full.hostHeader()).isEqualTo("[::1]:8080");
        assertThat(full.originKey()).isEqualTo(Url.parse("http://[::1]:8080/y").originKey());
        assertThat(Url.parse("http://[FE80::1%25eth0]/").host()).as("a zone (RFC 6874) is kept for connecting").isEqualTo("fe80::1%eth0");
        assertThat(Url.parse("http://[FE80::1%25eth0]/").hostHeader()).as("but not sent").isEqualTo("[fe80::1]");
        assertThat(Url.parse("http://[fe80::1%25eth0]/").hostInUrl()).isEqualTo("[fe80::1%25eth0]");
    }

    @Test
    void userInfoIsKeptAsWrittenAndSentAsBasic() throws Exception {
        Url u = Url.parse("https://alice:s3cr%40t@h.example/x");
        assertThat(u.userInfo()).isEqualTo("alice:s3cr%40t");
        assertThat(u.basicAuthorization()).isEqualTo("Basic YWxpY2U6czNjckB0");
        assertThat(u.hostHeader()).isEqualTo("h.example");
        assertThat(dev.fanout.Redaction.DEFAULT.url(u.text())).isEqualTo("https://***@h.example/x");
        assertThat(Url.parse("https://h.example/a@b").userInfo()).isNull();
    }

    /** Reusing a parsed URL's origin gives exactly what parsing from scratch gives, or falls back to it. */
    @Test
    void parsingLikeAnotherUrlGivesWhatParsingGives() throws Exception {
        Url like = Url.parse("http://user:pw@Host.example:8080/items/1.json?x=1");
        String[] urls = {
                "http://user:pw@Host.example:8080/items/2.json", "http://user:pw@Host.example:8080", // same origin as written
                "http://user:pw@Host.example:8080?q", "http://user:pw@Host.example:8080#f", "http://user:pw@Host.example:8080/a b#f",
                "http://user:pw@Host.example:80801/x", "http://user:pw@Host.example:8080@evil/x",             // a longer authority
                "http://Host.example:8080/x", "https://user:pw@Host.example:8080/x", "HTTP://user:pw@Host.example:8080/x",
                " http://user:pw@Host.example:8080/x", "http://user:pw@Host.example:8080/x \t", "mailto:x", "",
        };
        for (String u : urls) {
            Url expected = Url.parseOrNull(u);
            assertThat(Url.parseOrNull(u, like)).as(u).isEqualTo(expected);
        }
        assertThat(Url.parseOrNull("http://user:pw@Host.example:8080/bad\u0001", like)).isNull();
        assertThat(Url.parseOrNull("http://h/x", null)).isEqualTo(Url.parse("http://h/x"));
        Url reused = Url.parseOrNull("http://user:pw@Host.example:8080/items/3.json", like);
        assertThat(reused.host()).isSameAs(like.host()); // the origin's parts were taken, not made again
    }

    /** What cannot be requested fails as parsing from scratch fails, with the same message, like or not. */
    @Test
    void parsingLikeAnotherUrlRefusesWhatParsingRefuses() throws Exception {
        Url like = Url.parse("http://h:8080/items/1");
        for (String u : new String[]{"http://h:8080/bad\u0001", "http://h:8080/\u0000", "ftp://h:8080/x", "http://h:8080x/", ""}) {
            String message = null;
            try {
                Url.parse(u);
            } catch (InvalidUrlException e) {
                message = e.getMessage();
            }
            assertThat(message).as(u).isNotNull();
            assertThatThrownBy(() -> Url.parse(u, like)).as(u).isInstanceOf(InvalidUrlException.class).hasMessage(message);
        }
    }
}
