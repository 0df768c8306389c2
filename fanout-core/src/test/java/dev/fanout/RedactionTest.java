package dev.fanout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One redaction for URLs: user-info, credential query parameters (documented names, suffixes, --redact), run secrets. */
class RedactionTest {
    private static final Redaction R = Redaction.DEFAULT;

    @Test
    void credentialQueryValuesAndUserInfoAreMasked() {
        assertThat(R.url("https://maps.example/api/place/json?query=caf%C3%A9&key=AIzaSyA-123&region=fr"))
                .isEqualTo("https://maps.example/api/place/json?query=caf%C3%A9&key=***&region=fr");
        assertThat(R.url("https://u:p@h/x?API_KEY=1&access_token=t&Signature=s&x-amz-signature=z&client_secret=c#frag"))
                .isEqualTo("https://***@h/x?API_KEY=***&access_token=***&Signature=***&x-amz-signature=***&client_secret=***#frag");
        assertThat(R.url("https://h/x?github_token=g&my_key=k&appsecret=s&user_password=p&sig=1&keys=a&monkey=b"))
                .isEqualTo("https://h/x?github_token=***&my_key=***&appsecret=***&user_password=***&sig=***&keys=a&monkey=b");
        assertThat(R.url("https://h/x?key=&token")).as("empty values have nothing to hide").isEqualTo("https://h/x?key=&token");
        assertThat(R.url("https://h/plain")).isEqualTo("https://h/plain");
        assertThat(R.url(null)).isNull();
    }

    @Test
    void moreNamesAndTheRunsSecretsAreMaskedToo() {
        Redaction r = R.withNames(List.of("Session_Hint")).withSecrets(List.of("s3cr/et", "ab"));
        assertThat(r.url("https://h/v1/s3cr%2Fet/items?session_hint=x&q=ab")).isEqualTo("https://h/v1/***/items?session_hint=***&q=ab");
        assertThat(r.sensitive("SESSION_HINT")).isTrue();
        assertThat(R.sensitive("session_hint")).isFalse();
    }

    @Test
    void shortNamesAreMaskedWhenTheRunNamesThemAndEncodedNamesWhenTheyDecodeToADefault() {
        // no default is shorter than 3 characters: the URL check passes shorter names by unless the run gave some
        assertThat(R.url("https://h/x?i=1&q=abcd&id=7")).isEqualTo("https://h/x?i=1&q=abcd&id=7");
        assertThat(R.withNames(List.of("q")).url("https://h/x?i=1&q=abcd&id=7")).isEqualTo("https://h/x?i=1&q=***&id=7");
        assertThat(R.url("https://h/x?k%65y=abcd&%6Bey=z&pw=1")).isEqualTo("https://h/x?k%65y=***&%6Bey=***&pw=1");
    }

    @Test
    void aTemplateValueThatIsAUrlIsMaskedLikeOne() {
        assertThat(R.param("https://h/x?api_key=abc&q=1")).isEqualTo("https://h/x?api_key=***&q=1");
        assertThat(R.param("key=abc")).as("other values are data").isEqualTo("key=abc");
        assertThat(R.param(null)).isNull();
    }

    @Test
    void messagesQuotingTheUrlLoseItsSecretsAsWrittenAndDecoded() {
        String url = "https://bob:pw@h/x?token=a%2Bb%3D&q=1";
        assertThat(R.text("connection refused: https://bob:pw@h/x?token=a%2Bb%3D&q=1 (token a+b=)", url))
                .isEqualTo("connection refused: https://***@h/x?token=***&q=1 (token ***)");
        assertThat(R.text(null, url)).isNull();
    }
}
