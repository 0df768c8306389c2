package dev.fanout.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserInfoTest {
    @Test
    void credentialsAreFoundRedactedAndEncodedAsBasic() {
        assertThat(UserInfo.of("https://alice:s3cr%40t@h.example/x")).isEqualTo("alice:s3cr%40t");
        assertThat(UserInfo.of("https://h.example/a@b")).isNull();
        assertThat(UserInfo.redact("https://alice:pw@h.example/x?q=a@b")).isEqualTo("https://***@h.example/x?q=a@b");
        assertThat(UserInfo.basicAuthorization("alice:s3cr%40t")).isEqualTo("Basic YWxpY2U6czNjckB0");
    }

    @Test
    void messagesLoseTheCredentialsButKeepEverythingElse() {
        String url = "http://a@127.0.0.1:9/";
        assertThat(UserInfo.redact("invalid URL http://a@127.0.0.1:9/ (a reason)", url))
                .isEqualTo("invalid URL http://***@127.0.0.1:9/ (a reason)");
        assertThat(UserInfo.redact("connection refused: localhost/127.0.0.1:9", url)).isEqualTo("connection refused: localhost/127.0.0.1:9");
    }
}
