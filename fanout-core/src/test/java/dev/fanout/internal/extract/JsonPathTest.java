package dev.fanout.internal.extract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples of RFC 9535 §1.5 on its bookstore document, plus the edges the tool relies on. */
class JsonPathTest {
    private static final String STORE = """
            { "store": {
                "book": [
                  { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
                  { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
                  { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
                  { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
                ],
                "bicycle": { "color": "red", "price": 399 }
              } }""";

    private static List<Object> select(String path) throws IOException {
        byte[] body = STORE.getBytes(StandardCharsets.UTF_8);
        return JsonPath.compile(path).select(JsonTree.parse(body, body.length));
    }

    @Test
    void namesIndicesAndWildcards() throws IOException {
        assertThat(select("$.store.book[*].author")).containsExactly("Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien");
        assertThat(select("$..author")).hasSize(4);
        assertThat(select("$.store.*")).hasSize(2);
        assertThat(select("$['store']['bicycle']['color']")).containsExactly("red");
        assertThat(select("$.store.book[2].title")).containsExactly("Moby Dick");
        assertThat(select("$..book[-1].title")).containsExactly("The Lord of the Rings");
        assertThat(select("$..book[0,1].title")).containsExactly("Sayings of the Century", "Sword of Honour");
        assertThat(select("$.store.nothing")).isEmpty();
        assertThat(select("$.store.book[9]")).isEmpty();
    }

    @Test
    void slices() throws IOException {
        assertThat(select("$..book[:2].title")).containsExactly("Sayings of the Century", "Sword of Honour");
        assertThat(select("$..book[1:3].title")).containsExactly("Sword of Honour", "Moby Dick");
        assertThat(select("$..book[::2].title")).containsExactly("Sayings of the Century", "Moby Dick");
        assertThat(select("$..book[::-1].title")).containsExactly("The Lord of the Rings", "Moby Dick", "Sword of Honour", "Sayings of the Century");
        assertThat(select("$..book[-2:].title")).containsExactly("Moby Dick", "The Lord of the Rings");
    }

    @Test
    void filters() throws IOException {
        assertThat(select("$..book[?@.isbn].title")).containsExactly("Moby Dick", "The Lord of the Rings");
        assertThat(select("$..book[?@.price < 10].title")).containsExactly("Sayings of the Century", "Moby Dick");
        assertThat(select("$..book[?(@.price > 10 && @.category == 'fiction')].author")).containsExactly("Evelyn Waugh", "J. R. R. Tolkien");
        assertThat(select("$..book[?!@.isbn || @.price >= 22.99].price"))
                .containsExactly(new BigDecimal("8.95"), new BigDecimal("12.99"), new BigDecimal("22.99"));
        assertThat(select("$..book[?@.price == $.store.bicycle.price]")).isEmpty();
        assertThat(select("$.store.bicycle[?@ == 399]")).containsExactly(399L);
    }

    @Test
    void numbersKeepTheirDecimalDigits() throws IOException {
        assertThat(select("$.store.book[0].price")).containsExactly(new BigDecimal("8.95"));
        assertThat(select("$.store.bicycle.price")).containsExactly(399L);
    }

    @Test
    void singularQueriesAreNamesAndIndicesOnly() {
        assertThat(JsonPath.compile("$.chart.result[0].meta.regularMarketPrice").singular()).isTrue();
        assertThat(JsonPath.compile("$['a'][-1]").singular()).isTrue();
        assertThat(JsonPath.compile("$.kids[*]").singular()).isFalse();
        assertThat(JsonPath.compile("$..id").singular()).isFalse();
        assertThat(JsonPath.compile("$.a[0:1]").singular()).isFalse();
    }

    @Test
    void malformedQueriesSayWhatAndWhere() {
        assertThatThrownBy(() -> JsonPath.compile("$.a[")).hasMessageContaining("at position 5");
        assertThatThrownBy(() -> JsonPath.compile("a.b")).hasMessageContaining("starts with '$'");
        assertThatThrownBy(() -> JsonPath.compile("$.a['b]")).hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> JsonPath.compile("$[?size(@) > 1]")).hasMessageContaining("unknown function size()");
        assertThatThrownBy(() -> JsonPath.compile("$.a b")).hasMessageContaining("unexpected 'b'");
    }

    @Test
    void functions() throws IOException {
        assertThat(select("$.store.book[?length(@.title) > 15].title")).containsExactly("Sayings of the Century", "The Lord of the Rings");
        assertThat(select("$.store[?count(@[*]) == 4]")).hasSize(1);
        assertThat(select("$.store.book[?match(@.author, 'J.*')].author")).containsExactly("J. R. R. Tolkien");
        assertThat(select("$.store.book[?search(@.title, 'of the')].title")).containsExactly("Sayings of the Century", "The Lord of the Rings");
        assertThat(select("$.store.book[?value(@..isbn) == '0-553-21311-3'].title")).containsExactly("Moby Dick");
    }

    @Test
    void typeErrorsAndOutOfRangeIntegersAreRefusedWithWhere() {
        assertThatThrownBy(() -> JsonPath.compile("$[?@.a[*] == 1]"))
                .hasMessageStartingWith("JSONPath $[?@.a[*] == 1]: a query compared with == != < <= > >= must select at most one value")
                .hasMessageEndingWith("at position 4");
        assertThatThrownBy(() -> JsonPath.compile("$[?length(@.a)]")).hasMessageContaining("length() gives a value, not a test").hasMessageEndingWith("at position 4");
        assertThatThrownBy(() -> JsonPath.compile("$[?count(1) > 0]")).hasMessageContaining("count() needs a query here").hasMessageEndingWith("at position 10");
        assertThatThrownBy(() -> JsonPath.compile("$[?match(@.a) > 0]")).hasMessageContaining("match() takes 2 arguments, not 1");
        assertThatThrownBy(() -> JsonPath.compile("$[?count (@.a) > 0]")).hasMessageContaining("no space may come between a function's name and '('");
        assertThatThrownBy(() -> JsonPath.compile("$[9007199254740992]")).hasMessageContaining("index out of range").hasMessageEndingWith("at position 3");
        assertThat(JsonPath.compile("$[-9007199254740991]").singular()).isTrue();
        assertThatThrownBy(() -> JsonPath.compile("$[?@.a == 01]")).hasMessageContaining("no leading zeros");
        assertThatThrownBy(() -> JsonPath.compile("$['a\u0001']")).hasMessageContaining("control character (U+0001)");
        assertThat(JsonPath.compile("$.headers.x-request-id").select(java.util.Map.of("headers", java.util.Map.of("x-request-id", "7"))))
                .containsExactly("7");
        assertThatThrownBy(() -> JsonPath.compile("$.-a")).hasMessageContaining("expected a member name or * after '.'").hasMessageEndingWith("at position 3");
        assertThatThrownBy(() -> JsonPath.compile("$.1a")).hasMessageContaining("cannot start with a digit");
        assertThatThrownBy(() -> JsonPath.compile("$[?@.a = 1]")).hasMessageContaining("use == to compare");
    }

    @Test
    void treeRejectsWhatIsNotOneJsonValue() {
        byte[] html = "<html></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonTree.parse(html, html.length)).isInstanceOf(IOException.class);
        byte[] two = "{} {}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonTree.parse(two, two.length)).hasMessageContaining("after the JSON value");
    }
}
