package dev.fanout.internal.net;

import dev.fanout.Redaction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlUserInfoTest {
    @Test
    void credentialsAreFoundRedactedAndEncodedAsBasic() {
        assertThat(Url.userInfoOf("https://alice:s3cr%40t@h.example/x")).isEqualTo("alice:s3cr%40t");
        assertThat(Url.userInfoOf("https://h.example/a@b")).isNull();
        assertThat(Redaction.DEFAULT.url("https://alice:pw@h.example/x?q=a@b")).isEqualTo("https://***@h.example/x?q=a@b");
        assertThat(Url.basicAuthorization("alice:s3cr%40t")).isEqualTo("Basic YWxpY2U6czNjckB0");
    }

    @Test
    void messagesLoseTheCredentialsButKeepEverythingElse() {
        String url = "http://a@127.0.0.1:9/";
        assertThat(Redaction.DEFAULT.text("invalid URL http://a@127.0.0.1:9/ (a reason)", url))
                .isEqualTo("invalid URL http://***@127.0.0.1:9/ (a reason)");
        assertThat(Redaction.DEFAULT.text("connection refused: localhost/127.0.0.1:9", url)).isEqualTo("connection refused: localhost/127.0.0.1:9");
    }
}
