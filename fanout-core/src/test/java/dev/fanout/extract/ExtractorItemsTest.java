package dev.fanout.extract;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Extractor#items}: one extraction per item, and one for a response without items. */
class ExtractorItemsTest {
    private static final Body PAGE = Body.of("""
            {"status": "OK", "results": [{"name": "A", "rating": 4.5, "geometry": {"location": {"lat": 48.1}}},
                                         {"name": "B"}], "next": "/p/2"}""", "application/json", "http://api.example/p/1");
    private static final List<Field> FIELDS = List.of(Field.parse("name=@.name"), Field.parse("lat=@.geometry.location.lat"),
            Field.parse("page=$.status"));

    @Test
    void eachItemGetsItsIndexAndItsOwnFields() {
        Extractor extractor = new Extractor(FIELDS).each(Expression.parse("$.results[*]"));
        List<Extraction> items = extractor.items(PAGE, true);
        assertThat(items).extracting(Extraction::item).containsExactly(0, 1);
        assertThat(items.get(0).fields()).containsEntry("name", "A").containsEntry("lat", new BigDecimal("48.1")).containsEntry("page", "OK");
        assertThat(items.get(1).fields()).containsEntry("name", "B").containsEntry("lat", null).containsEntry("page", "OK");
        assertThat(items).extracting(Extraction::error).containsOnlyNulls();
    }

    @Test
    void aSingularPathToAnArrayMeansItsElements() {
        assertThat(new Extractor(FIELDS, Expression.parse("$.results")).items(PAGE, true)).hasSize(2);
        assertThat(new Extractor(FIELDS, Expression.parse("/results")).items(PAGE, true)).hasSize(2);
        // a query that selects arrays among several nodes keeps them as items
        Body nested = Body.of("{\"rows\": [[1, 2], [3]]}", "application/json", "http://api.example/");
        assertThat(new Extractor(List.of(Field.parse("n=@[0]")), Expression.parse("$.rows[*]")).items(nested, true))
                .extracting(x -> x.fields().get("n")).containsExactly(1L, 3L);
    }

    @Test
    void aResponseWithoutItemsStillGivesOneExtractionSayingWhy() {
        Extractor extractor = new Extractor(FIELDS, Expression.parse("$.results[?@.rating > 5]"));
        Extraction none = extractor.items(PAGE, true).get(0);
        assertThat(extractor.items(PAGE, true)).hasSize(1);
        assertThat(none.item()).isNull();
        assertThat(none.fields()).containsEntry("name", null).containsEntry("page", "OK");
        assertThat(none.error()).isEqualTo("no items at $.results[?@.rating > 5]");

        Extraction errorPage = extractor.items(PAGE, false).get(0); // a non-2xx response: its status says why
        assertThat(errorPage.item()).isNull();
        assertThat(errorPage.fields()).containsEntry("name", null).containsEntry("page", "OK");
        assertThat(errorPage.error()).isNull();

        Extraction noResponse = extractor.items(null, false).get(0);
        assertThat(noResponse.fields()).containsOnlyKeys("name", "lat", "page").containsValues((Object) null);

        Body html = Body.of("<html></html>", "text/html", "http://api.example/");
        Extraction notJson = extractor.items(html, true).get(0);
        assertThat(notJson.item()).isNull();
        assertThat(notJson.error()).isEqualTo("body is not JSON: Unexpected character ('<' (code 60)) at line 1, column 1");
    }

    @Test
    void withoutEachTheOneExtractionOfExtract() {
        Extractor extractor = new Extractor(FIELDS);
        assertThat(extractor.items(PAGE, true)).containsExactly(extractor.extract(PAGE, true));
        assertThat(extractor.each()).isNull();
    }
}
