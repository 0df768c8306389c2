package dev.fanout;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {
    private static final Request GET = Request.get("http://h.test/a");

    @Test
    void aBuilderStartsFromOneAttemptWithNothingReceived() {
        Outcome o = Outcome.builder(GET).build();
        assertThat(o.request()).isSameAs(GET);
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.status()).isZero();
        assertThat(o.body()).isEmpty();
        assertThat(o.headers().isEmpty()).isTrue();
        assertThat(o.failure()).isNull();
        assertThat(o.lastError()).isNull();
        assertThat(o.redirects()).isZero();
        assertThat(o.finalUrl()).isNull();
        assertThat(o.bodyFile()).isNull();
        assertThat(o.proxy()).isNull();
    }

    @Test
    void toBuilderCopiesEveryPart() {
        Outcome o = Outcome.builder(GET).index(9).status(503).headers(Headers.of("Retry-After", "1")).body(new byte[] {1})
                .bytes(1).elapsedNanos(5).attempts(3).lastError("503").redirects(2).finalUrl("http://h.test/b")
                .bodyFile(Path.of("x")).proxy(Proxy.parse("http://127.0.0.1:3128")).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.toBuilder().status(200).build()).isEqualTo(new Outcome(GET, 9, 200, o.headers(), o.body(), 1, null, 5, 3,
                "503", 2, "http://h.test/b", Path.of("x"), o.proxy()));
    }

    @Test
    void theTransportsFactoriesAreFirstAttempts() {
        Outcome ok = Outcome.response(GET, 4, 200, Headers.empty(), new byte[] {7}, 1, 10, null);
        assertThat(ok).isEqualTo(Outcome.builder(GET).index(4).status(200).body(ok.body()).bytes(1).elapsedNanos(10).build());
        Failure refused = Failure.beforeSend(FailureKind.CONNECT, "connection refused");
        Outcome failed = Outcome.failed(GET, 4, refused, 0, 10);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.hasResponse()).isFalse();
        assertThat(Outcome.unsent(GET, 4, refused).attempts()).isZero();
    }
}
