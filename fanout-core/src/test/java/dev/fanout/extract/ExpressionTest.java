package dev.fanout.extract;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {
    private static final Body QUOTE = Body.of("""
            {"chart":{"result":[{"meta":{"symbol":"AAPL","regularMarketPrice":189.985,"volume":1200}}],"error":null},
             "kids":[8863,8864],"tags":[" Big ","small"]}""", "application/json", "http://q.example/v8/chart/AAPL");
    private static final Body PAGE = Body.of("""
            <html><head><title> Hello  page </title></head><body>
            <a href="/a">A</a> <a href="b.html">B</a> <a name="x">no href</a>
            <p class="price">Price: 12.50 USD</p><p class="price">Price: 7 USD</p></body></html>""",
            "text/html; charset=utf-8", "http://site.example/dir/page.html");

    private static Object value(String expr, Body body) {
        return Expression.parse(expr).value(body);
    }

    @Test
    void jsonPathAndPointerTakeOneValueOrNull() {
        assertThat(value("$.chart.result[0].meta.symbol", QUOTE)).isEqualTo("AAPL");
        assertThat(value("/chart/result/0/meta/symbol", QUOTE)).isEqualTo("AAPL");
        assertThat(value("$.chart.result[0].meta.missing", QUOTE)).isNull();
        assertThat(value("/chart/result/5", QUOTE)).isNull();
        assertThat(value("$.kids[*]", QUOTE)).isEqualTo(List.of(8863L, 8864L));
        assertThat(value("/chart/result/0/meta", QUOTE)).isInstanceOf(Map.class);
    }

    @Test
    void roundWorksOnTheDecimalAsWrittenHalfUp() {
        // 189.985 as a binary double is 189.98499999…, which a float round would give as 189.98
        assertThat(value("$.chart.result[0].meta.regularMarketPrice | round(2)", QUOTE)).isEqualTo(new BigDecimal("189.99"));
        assertThat(value("$.chart.result[0].meta.regularMarketPrice|round(0)", QUOTE)).isEqualTo(new BigDecimal("190"));
        assertThat(value("$.chart.result[0].meta.volume | round(2)", QUOTE)).isEqualTo(new BigDecimal("1200.00"));
        assertThat(value("$.chart.result[0].meta.regularMarketPrice | int", QUOTE)).isEqualTo(189L);
    }

    @Test
    void listAndTextSteps() {
        assertThat(value("$.kids[*] | count", QUOTE)).isEqualTo(2L);
        assertThat(value("$.kids[*] | first", QUOTE)).isEqualTo(8863L);
        assertThat(value("$.kids[*] | last", QUOTE)).isEqualTo(8864L);
        assertThat(value("$.kids[*] | join(;)", QUOTE)).isEqualTo("8863;8864");
        assertThat(value("$.tags[*] | trim | upper", QUOTE)).isEqualTo(List.of("BIG", "SMALL"));
        assertThat(value("$.nothing | count", QUOTE)).isEqualTo(0L);
    }

    @Test
    void aBarInsideAJsonPathStringOrFilterIsNotAStep() {
        Body body = Body.of("""
                {"a|b": 1, "items": [{"t": "x | count", "n": 1}, {"t": "y", "n": 2}, {"t": "x|y", "n": 3}]}""",
                "application/json", "http://q.example/");
        assertThat(value("$['a|b']", body)).isEqualTo(1L);
        assertThat(value("$[\"a|b\"] | round(1)", body)).isEqualTo(new BigDecimal("1.0"));
        assertThat(value("$.items[?@.t == 'x | count'].n", body)).isEqualTo(List.of(1L));
        assertThat(value("$.items[?@.t == 'x | count'].n | count", body)).isEqualTo(1L);
        assertThat(value("$.items[?@.n == 1 || @.n == 3].n|join(|)", body)).isEqualTo("1|3");
        assertThat(value("$.items[?search(@.t, 'x|q')].n", body)).isEqualTo(List.of(1L, 3L));
        assertThat(value("$.items[?match(@.t, 'x[|]y')].t | upper", body)).isEqualTo(List.of("X|Y"));
        assertThatThrownBy(() -> Expression.parse("$.items[*] | bogus"))
                .hasMessage("$.items[*] | bogus: expected a step after '|': round(N), int, number, trim, lower, upper, first, last, count, join(SEP) or all at position 12");
        assertThatThrownBy(() -> Expression.parse("$.items[*] | count x")).hasMessageEndingWith("unexpected 'x' at position 20");
    }

    @Test
    void nodesIsTheNodeListAndAtMakesTheCurrentNode() {
        Body body = Body.of("""
                {"page": 2, "results": [{"name": "A", "geo": {"lat": 1.5}}, {"name": "B"}], "one": [7]}""",
                "application/json", "http://q.example/");
        List<Object> items = Expression.parse("$.results[*]").nodes(body);
        assertThat(items).hasSize(2);
        assertThat(Expression.parse("$.one").nodes(body)).containsExactly(List.of(7L));
        assertThat(Expression.parse("$.missing").nodes(body)).isEmpty();
        assertThat(Expression.parse("/page").nodes(body)).containsExactly(2L);
        Body first = body.at(items.get(0));
        assertThat(value("@.name", first)).isEqualTo("A");
        assertThat(value("@.geo.lat", first)).isEqualTo(new BigDecimal("1.5"));
        assertThat(value("@.geo.lat", body.at(items.get(1)))).isNull();
        assertThat(value("$.page", first)).isEqualTo(2L); // $ is still the whole document
        assertThat(value("@.page", body)).isEqualTo(2L);  // without an item, @ is the document too
    }

    @Test
    void blanksAroundAJsonPathAreRefusedWithWhere() {
        assertThatThrownBy(() -> Expression.parse(" $.a")).hasMessage("JSONPath  $.a: whitespace may not start a query at position 1");
        assertThatThrownBy(() -> Expression.parse("$.a ")).hasMessage("JSONPath $.a : whitespace may not end a query at position 4");
        assertThat(Field.parse("a = $.a ").expression().toString()).isEqualTo("$.a"); // a field's text is trimmed
    }

    @Test
    void cssTakesTextAttributesAndAbsoluteLinks() {
        assertThat(value("css:title", PAGE)).isEqualTo("Hello page");
        assertThat(value("css:a@href", PAGE)).isEqualTo("/a");
        assertThat(value("css:a@href | all", PAGE)).isEqualTo(List.of("/a", "b.html"));
        assertThat(value("css:a@abs:href | all", PAGE)).isEqualTo(List.of("http://site.example/a", "http://site.example/dir/b.html"));
        assertThat(value("css:a | count", PAGE)).isEqualTo(3L);
        assertThat(value("css:h2", PAGE)).isNull();
    }

    @Test
    void regexTakesGroupOneOrTheMatch() {
        assertThat(value("re:Price: ([0-9.]+)", PAGE)).isEqualTo("12.50");
        assertThat(value("re:Price: ([0-9.]+) | all | number", PAGE)).isEqualTo(List.of(new BigDecimal("12.50"), new BigDecimal("7")));
        assertThat(value("re:[0-9]+ USD", PAGE)).isEqualTo("50 USD");
        // a | inside the regex is not a step
        assertThat(value("re:(USD|EUR)", PAGE)).isEqualTo("USD");
    }

    @Test
    void followValuesAreEveryScalarSelected() {
        assertThat(Expression.parse("$.kids").values(QUOTE)).containsExactly(8863L, 8864L);
        assertThat(Expression.parse("$.kids[*]").values(QUOTE)).containsExactly(8863L, 8864L);
        assertThat(Expression.parse("css:a@href").values(PAGE)).containsExactly("/a", "b.html");
        assertThat(Expression.parse("/chart/result/0/meta").values(QUOTE)).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonOrAStepThatDoesNotApplyIsAnExtractError() {
        assertThatThrownBy(() -> value("$.a", PAGE)).isInstanceOf(ExtractException.class).hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> value("css:title | round(2)", PAGE)).isInstanceOf(ExtractException.class)
                .hasMessage("round needs a number, got \"Hello page\"");
    }

    @Test
    void malformedExpressionsFailAtParse() {
        assertThatThrownBy(() -> Expression.parse("price")).hasMessageContaining("starts with $ (JSONPath), / (JSON Pointer), css: or re:");
        assertThatThrownBy(() -> Expression.parse("re:(")).hasMessageContaining("re:(");
        assertThatThrownBy(() -> Expression.parse("css:div >")).hasMessageContaining("css:div >");
        assertThatThrownBy(() -> Expression.parse("$.a | round(x)")).hasMessageContaining("round needs decimal places");
        assertThatThrownBy(() -> Expression.parse("$.a | join")).hasMessageContaining("join needs a separator");
    }

    @Test
    void extractorReportsAnUnreadableBodyOnceAndKeepsEveryField() {
        Extractor extractor = new Extractor(List.of(Field.parse("a=$.a"), Field.parse("b=/b"), Field.parse("t=css:title")));
        Extraction e = extractor.extract(PAGE, true);
        assertThat(e.fields()).containsEntry("a", null).containsEntry("b", null).containsEntry("t", "Hello page");
        assertThat(e.error()).isEqualTo("body is not JSON: Unexpected character ('<' (code 60)) at line 1, column 1");
        // an error page (not 2xx) that is not JSON leaves the fields null without an error
        Extraction errorPage = extractor.extract(PAGE, false);
        assertThat(errorPage.fields()).containsEntry("a", null).containsEntry("t", "Hello page");
        assertThat(errorPage.error()).isNull();
        Extraction none = extractor.extract(null, true);
        assertThat(none.fields()).hasSize(3).containsValues((Object) null);
        assertThat(none.error()).isNull();
    }

    @Test
    void fieldNamesAreChecked() {
        assertThat(Field.parse("price=$.p").name()).isEqualTo("price");
        assertThatThrownBy(() -> Field.parse("$.p")).hasMessageContaining("expected name=EXPRESSION");
        assertThatThrownBy(() -> Field.parse("1x=$.p")).hasMessageContaining("not a field name");
    }
}
