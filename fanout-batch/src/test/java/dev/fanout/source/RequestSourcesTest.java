package dev.fanout.source;

import dev.fanout.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSourcesTest {
    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    private static RequestSources.Spec spec(List<String> urls, List<String> params, ValueSource lines) {
        List<Param> ps = params.stream().map(p -> Param.parse(p, NO_STDIN)).toList();
        return new RequestSources.Spec("GET", urls, List.of(), null, ps, lines);
    }

    private static List<Request> all(RequestSource source) {
        List<Request> out = new ArrayList<>();
        source.forEachRemaining(out::add);
        return out;
    }

    @Test
    void severalParamsGiveTheCartesianProductLastVaryingFastest() {
        RequestSource s = RequestSources.build(spec(List.of("http://h/{a}/{b}"), List.of("a=x,y", "b=1..3"), null));
        assertThat(s.expectedTotal()).isEqualTo(6);
        assertThat(all(s)).extracting(Request::url).containsExactly(
                "http://h/x/1", "http://h/x/2", "http://h/x/3", "http://h/y/1", "http://h/y/2", "http://h/y/3");
    }

    @Test
    void requestsRecordTheirParamsInOrder() {
        RequestSource s = RequestSources.build(spec(List.of("http://h/{b}?a={a}"), List.of("b=1", "a=z"), null));
        assertThat(s.paramNames()).containsExactly("b", "a");
        assertThat(all(s).get(0).params()).containsExactly(Map.entry("b", "1"), Map.entry("a", "z"));
    }

    @Test
    void rangesArePaddedAsWrittenAndMayCountDown() {
        assertThat(all(RequestSources.build(spec(List.of("http://h/{n}"), List.of("n=08..11"), null))))
                .extracting(Request::url).containsExactly("http://h/08", "http://h/09", "http://h/10", "http://h/11");
        assertThat(all(RequestSources.build(spec(List.of("http://h/{n}"), List.of("n=3..1"), null))))
                .extracting(Request::url).containsExactly("http://h/3", "http://h/2", "http://h/1");
    }

    @Test
    void aHugeRangeIsProducedLazily() {
        RequestSource s = RequestSources.build(spec(List.of("http://h/{n}"), List.of("n=1..10000000000"), null));
        assertThat(s.expectedTotal()).isEqualTo(10_000_000_000L);
        Iterator<Request> it = s;
        it.next();
        assertThat(it.next().url()).isEqualTo("http://h/2");
    }

    @Test
    void valuesArePercentEncodedInTheUrl() {
        RequestSource s = RequestSources.build(spec(List.of("http://h/q?s={s}"), List.of("s=a b&c/d,é"), null));
        assertThat(all(s)).extracting(Request::url).containsExactly("http://h/q?s=a%20b%26c%2Fd", "http://h/q?s=%C3%A9");
    }

    @Test
    void anonymousPlaceholderTakesEachLineAndRecordsItAsValue() {
        ValueSource lines = ValueSource.linesOnce(new ByteArrayInputStream("7\n\n# c\n 8 \n".getBytes(StandardCharsets.UTF_8)), "stdin");
        RequestSource s = RequestSources.build(spec(List.of("http://h/item/{}.json"), List.of(), lines));
        List<Request> rs = all(s);
        assertThat(rs).extracting(Request::url).containsExactly("http://h/item/7.json", "http://h/item/8.json");
        assertThat(rs.get(1).params()).containsEntry("value", "8");
    }

    @Test
    void aLeadingPlaceholderTakesWholeUrlsUnencoded() {
        ValueSource lines = ValueSource.of(List.of("http://a/x?y=1"));
        assertThat(all(RequestSources.build(spec(List.of("{}"), List.of(), lines))))
                .extracting(Request::url).containsExactly("http://a/x?y=1");
    }

    @Test
    void plainUrlsComeFromArgumentsThenLinesWithoutParams(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("urls.txt");
        Files.writeString(file, "# header\nhttp://b/1\n\nhttp://b/2\n");
        RequestSource s = RequestSources.build(spec(List.of("http://a/1"), List.of(), ValueSource.lines(file)));
        List<Request> rs = all(s);
        assertThat(rs).extracting(Request::url).containsExactly("http://a/1", "http://b/1", "http://b/2");
        assertThat(rs.get(1).params()).isEmpty();
        assertThat(s.paramNames()).isEmpty();
    }

    @Test
    void bodyAndHeadersTakePlaceholdersButAJsonBodysBracesStay() {
        RequestSources.Spec spec = new RequestSources.Spec("POST", List.of("http://h/{id}"), List.of("X-Id: {id}"),
                "{\"id\":\"{id}\",\"empty\":{}}", List.of(Param.parse("id=5", NO_STDIN)), null);
        Request r = all(RequestSources.build(spec)).get(0);
        assertThat(r.headers().get("X-Id")).isEqualTo("5");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"5\",\"empty\":{}}");
    }

    @Test
    void unknownPlaceholderIsRefusedByName() {
        assertThatThrownBy(() -> RequestSources.build(spec(List.of("http://h/{id}/{page}"), List.of("id=1"), null).withNames(InputNamesTest.FLAGS)))
                .hasMessage("unknown placeholder {page}: no -p page=... gives its values");
    }

    @Test
    void paramNotInTheTemplateIsRefusedByName() {
        assertThatThrownBy(() -> RequestSources.build(spec(List.of("http://h/{id}"), List.of("id=1", "x=2"), null).withNames(InputNamesTest.FLAGS)))
                .hasMessage("-p x: the template has no {x} placeholder");
    }

    @Test
    void unreadableParamFileIsRefusedByName() {
        assertThatThrownBy(() -> Param.parse("id=@/no/such/file", NO_STDIN))
                .hasMessageContaining("/no/such/file").hasMessageContaining("no such file");
    }

    @Test
    void templateWithMoreUrlsIsRefused() {
        assertThatThrownBy(() -> RequestSources.build(spec(List.of("http://h/{id}", "http://x/"), List.of("id=1"), null)))
                .hasMessageContaining("takes no further URLs");
    }
}
