package dev.fanout.extract;

import dev.fanout.Headers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code header:Name} and {@code link:REL}: expressions on a response's headers. */
class HeaderExpressionTest {
    private static final String URL = "https://api.example/repos/x/issues?page=2";

    private static Body body(String... headers) {
        return Body.of("", "application/json", URL, Headers.of(headers));
    }

    @Test
    void aHeaderIsTakenAsItIsAndSeveralAreJoined() throws Exception {
        Body b = body("ETag", "W/\"abc\"", "X-Total-Count", "35", "Vary", "Accept", "Vary", "Origin");
        assertThat(Expression.parse("header:etag").value(b)).isEqualTo("W/\"abc\"");
        assertThat(Expression.parse("header:X-Total-Count | int").value(b)).isEqualTo(35L);
        assertThat(Expression.parse("header:Vary").value(b)).isEqualTo("Accept, Origin");
        assertThat(Expression.parse("header:Vary | all").value(b)).isEqualTo(List.of("Accept", "Origin"));
        assertThat(Expression.parse("header:X-Missing").value(b)).isNull();
    }

    @Test
    void linkRelationsAreFoundAndMadeAbsolute() throws Exception {
        Body b = body("Link", "<https://api.example/repos/x/issues?page=3>; rel=\"next\", </repos/x/issues?page=5>; rel=\"last\","
                + " <?page=1>; title=\"a, b; c\"; rel=\"first prev\"");
        assertThat(Expression.parse("link:next").value(b)).isEqualTo("https://api.example/repos/x/issues?page=3");
        assertThat(Expression.parse("link:last").value(b)).isEqualTo("https://api.example/repos/x/issues?page=5");
        assertThat(Expression.parse("link:PREV").values(b)).containsExactly("https://api.example/repos/x/issues?page=1");
        assertThat(Expression.parse("link:up").value(b)).isNull();
        assertThat(Expression.parse("link:next").readsHeaders()).isTrue();
    }

    @Test
    void badNamesAreRefusedAtParse() {
        assertThatThrownBy(() -> Expression.parse("header:")).hasMessage("header:: expected a header name, e.g. header:ETag");
        assertThatThrownBy(() -> Expression.parse("link:ne xt")).hasMessageContaining("expected a link relation");
    }

    @Test
    void headerFieldsAreTakenFromAResponseWithoutABody() {
        Extractor e = new Extractor(List.of(Field.parse("etag=header:ETag"), Field.parse("n=$.n")));
        Extraction x = e.extract(body("ETag", "\"v1\""), true);
        assertThat(x.fields()).containsEntry("etag", "\"v1\"").containsEntry("n", null);
        assertThat(x.error()).isNull();
    }
}
