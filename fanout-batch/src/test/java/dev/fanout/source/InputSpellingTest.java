package dev.fanout.source;

import dev.fanout.sink.Format;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs as people type them: spaces around list commas and inside braces, line breaks in a header, file names. */
class InputSpellingTest {
    private static List<String> values(String spec) {
        List<String> out = new ArrayList<>();
        Param.parse(spec, new ByteArrayInputStream(new byte[0])).values().open().forEachRemaining(out::add);
        return out;
    }

    @Test
    void listValuesAreTrimmedAroundCommas() {
        assertThat(values("id=1, 2 ,3")).containsExactly("1", "2", "3");
        assertThat(values("sym= AAPL,MSFT ")).containsExactly("AAPL", "MSFT");
        assertThat(values("id= 1..3")).containsExactly("1", "2", "3");
    }

    @Test
    void spacesInsideBracesAreNotPartOfThePlaceholderName() {
        assertThat(Template.url("http://h/items/{ id }/{page }").placeholders()).containsExactly("id", "page");
        assertThat(Template.url("http://h/items/{ id }").expand(n -> "7")).isEqualTo("http://h/items/7");
        // a brace pair holding only spaces, or JSON, is text
        assertThat(Template.raw("{ } {\"a\": 1}", true).placeholders()).isEmpty();
    }

    @Test
    void aHeaderWithALineBreakAsTypedIsRefused() {
        RequestSources.Spec spec = new RequestSources.Spec("GET", List.of("http://h/"), List.of("X-Note: a\nb"), null, List.of(), null)
                .withNames(InputNamesTest.FLAGS);
        assertThatThrownBy(() -> RequestSources.build(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-H X-Note: ").hasMessageContaining("control character");
    }

    @Test
    void fileNamesNameTheFormatsWrittenAndJsonIsNone() {
        assertThat(Format.fromFileName("out.tsv")).isEqualTo(Format.TSV);
        assertThat(Format.fromFileName("out.jsonl")).isEqualTo(Format.JSONL);
        assertThat(Format.fromFileName("out.json")).isNull();
        assertThat(Format.parse("tsv")).isEqualTo(Format.TSV);
    }
}
