package dev.fanout;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTest {

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void paramsAreACopyInTheGivenOrderThatTheCallerCannotChangeLater() {
        Map<String, String> given = ordered("z", "1", "a", "2", "m", "3");
        Request r = new Request("GET", "http://h.test/", Headers.empty(), null, given);
        given.put("later", "4");
        given.remove("z");

        assertThat(r.params()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"));
        assertThat(r.params().get("a")).isEqualTo("2");
        assertThat(r.params().containsKey("later")).isFalse();
        assertThat(r.params()).isEqualTo(Map.of("z", "1", "a", "2", "m", "3"));
        assertThat(r.params().hashCode()).isEqualTo(Map.of("z", "1", "a", "2", "m", "3").hashCode());
    }

    @Test
    void paramsCannotBeChangedThroughAnyView() {
        Map<String, String> p = new Request("GET", "http://h.test/", Headers.empty(), null, ordered("a", "1", "b", "2")).params();

        assertThatThrownBy(() -> p.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(p::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.values().remove("1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void aSingleParamIsKeptAsAnyOtherIncludingANullValue() {
        Map<String, String> given = ordered("i", "7");
        Request r = new Request("GET", "http://h.test/", Headers.empty(), null, given);
        given.put("i", "8");
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("empty", null);
        Map<String, String> p = new Request("GET", "http://h.test/", Headers.empty(), null, nullValue).params();

        assertThat(r.params()).containsExactly(Map.entry("i", "7")).isEqualTo(Map.of("i", "7"));
        assertThat(r.params().get(null)).isNull();
        assertThat(r.params().containsKey(null)).isFalse();
        assertThatThrownBy(() -> r.params().put("j", "1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.params().entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.params().keySet().remove("i")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p.containsKey("empty")).isTrue();
        assertThat(p.get("empty")).isNull();
    }

    @Test
    void theCopiesARequestMakesOfItselfShareItsParamsRatherThanCopyingThem() {
        Request input = new Request("GET", "http://h.test/", Headers.empty(), null, ordered("id", "7"));

        Request found = input.foundIn("http://h.test/parent", 2).withHeaders(Headers.of("X-A", "1")).withHeader("X-B", "2");

        assertThat(found.params()).isSameAs(input.params());
        assertThat(found.depth()).isEqualTo(2);
        assertThat(found.parent()).isEqualTo("http://h.test/parent");
        assertThat(found.withParams(ordered("id", "8")).params()).containsExactly(Map.entry("id", "8"));
    }
}
