package dev.fanout.extract;

import dev.fanout.internal.extract.JsonTree;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every case of the JSONPath Compliance Test Suite (src/test/resources/jsonpath-cts, see its README), run
 * through the public API: a valid selector gives exactly the expected node list, in order (or one of the
 * orders a case allows), and an invalid one is refused by {@link Expression#parse} with a message.
 */
class JsonPathComplianceTest {
    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<?> cases;
        try (InputStream in = JsonPathComplianceTest.class.getResourceAsStream("/jsonpath-cts/cts.json")) {
            byte[] bytes = in.readAllBytes();
            cases = (List<?>) ((Map<?, ?>) JsonTree.parse(bytes, bytes.length)).get("tests");
        }
        assertThat(cases).hasSize(703);
        List<DynamicTest> tests = new ArrayList<>();
        for (Object c : cases) {
            Map<?, ?> test = (Map<?, ?>) c;
            String name = (String) test.get("name");
            String selector = (String) test.get("selector");
            tests.add(DynamicTest.dynamicTest(name + ": " + printable(selector), () -> run(test, selector)));
        }
        return tests.stream();
    }

    private static void run(Map<?, ?> test, String selector) {
        if (Boolean.TRUE.equals(test.get("invalid_selector"))) {
            assertThatThrownBy(() -> Expression.parse(selector)).as("refused")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSONPath");
            return;
        }
        Expression e;
        try {
            e = Expression.parse(selector);
        } catch (IllegalArgumentException refused) {
            fail("a valid selector was refused: " + refused.getMessage());
            return;
        }
        Body body = Body.of(Values.text(test.get("document")), "application/json", "http://cts.example/");
        Object nodes = normal(e.nodes(body));
        if (test.containsKey("result")) {
            assertThat(nodes).isEqualTo(normal(test.get("result")));
        } else {
            List<Object> allowed = new ArrayList<>();
            for (Object order : (List<?>) test.get("results")) {
                allowed.add(normal(order));
            }
            assertThat(allowed).as("one of the allowed orders").contains(nodes);
        }
    }

    /** Numbers as values (1 and 1.0 alike), so that lists and objects compare by what JSON means. */
    private static Object normal(Object v) {
        return switch (v) {
            case Long l -> new BigDecimal(l);
            case BigInteger i -> new BigDecimal(i);
            case BigDecimal d -> d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            case List<?> l -> l.stream().map(JsonPathComplianceTest::normal).toList();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, normal(x)));
                yield out;
            }
            case null, default -> v;
        };
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp < 0x20 || cp == 0x7f ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return sb.toString();
    }
}
