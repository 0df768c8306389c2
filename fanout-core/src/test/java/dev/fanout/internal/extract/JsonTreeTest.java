package dev.fanout.internal.extract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JsonTree's short reader gives what Jackson's parser gives, value for value and type for type, and leaves
 * to Jackson every document it is not sure of, so that errors keep Jackson's words.
 */
class JsonTreeTest {
    /** Documents the short reader takes. */
    private static final List<String> TAKEN = List.of(
            "{\"by\":\"user0\",\"id\":1000,\"time\":1700000000,\"type\":\"story\",\"text\":\"Item 1000\",\"kids\":[1645,2055]}",
            "[1000, 1001, 1002]", "[]", "{}", " \t\r\n{ \"a\" : [ ] , \"b\" : { } }\n", "0", "-0", "-7", "123456789012345678",
            "-123456789012345678", "1.50", "-0.0", "1e5", "1E+5", "2.5e-3", "true", "false", "null", "\"\"",
            "[true,false,null,\"x\"]", "{\"a\":1,\"a\":2,\"b\":3}", "\"caf\u00e9 \u20ac \ud83d\ude00\"",
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\ud83d\\ude00\\ud800 \u00e9\"", "{\"\u00e9\\n\":\"v\"}",
            "[[[[[[1]]]]]]", "\"\u007f\"");

    /** Documents it leaves to Jackson: errors, and what Jackson reads in ways of its own. */
    private static final List<String> DECLINED = List.of(
            "", "   ", "{", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "'x'", "01", "-", "1.", "1.e5", "1e",
            ".5", "+1", "1234567890123456789", "-1234567890123456789", "99999999999999999999999", "truex", "nul",
            "[1]x", "1 2", "{} {}", "\"a\tb\"", "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "\"abc", "NaN", "[Infinity]",
            "1e99999999999", "1e1000", "// c\n1", "/* c */ 1", "# c\n1", "\ufeff{}", "[1]\u0000", "\"\u0000\"", "<html>");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object jackson(byte[] b) throws IOException {
        return JsonTree.parseWithJackson(b, b.length);
    }

    @Test
    void takesPlainDocumentsAndReadsThemAsJacksonDoes() throws IOException {
        for (String doc : TAKEN) {
            byte[] b = utf8(doc);
            Object quick = JsonTree.shortRead(b, b.length);
            assertThat(quick).as(doc).isEqualTo(jackson(b));
            assertThat(JsonTree.parse(b, b.length)).as(doc).isEqualTo(quick);
        }
    }

    @Test
    void givesTheTypesJacksonGives() throws IOException {
        byte[] b = utf8("[1,1.50,1e2,null]");
        List<?> list = (List<?>) JsonTree.shortRead(b, b.length);
        assertThat(list.get(0)).isEqualTo(1L);
        assertThat(list.get(1)).isEqualTo(new BigDecimal("1.50")); // equals compares the scale too
        assertThat(list.get(2)).isEqualTo(new BigDecimal("1e2"));
        assertThat(list.get(3)).isNull();
        byte[] o = utf8("{\"z\":1,\"a\":2,\"m\":3}");
        assertThat(((Map<?, ?>) JsonTree.shortRead(o, o.length)).keySet().toString()).isEqualTo("[z, a, m]");
    }

    @Test
    void leavesTheRestToJacksonWithJacksonsErrors() throws IOException {
        for (String doc : DECLINED) {
            byte[] b = utf8(doc);
            assertThatThrownBy(() -> JsonTree.shortRead(b, b.length)).as(doc).isInstanceOf(IOException.class);
            sameAsJackson(b);
        }
        BigInteger big = new BigInteger("99999999999999999999999");
        byte[] b = utf8("[99999999999999999999999]");
        assertThat(JsonTree.parse(b, b.length)).isEqualTo(List.of(big));
    }

    @Test
    void declinesMalformedUtf8AndOtherEncodings() throws IOException {
        byte[][] docs = {
                {'"', (byte) 0xC0, (byte) 0x80, '"'},                 // overlong
                {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},    // a surrogate
                {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // past U+10FFFF
                {'"', (byte) 0xE2, (byte) 0x82, '"'},                 // cut short
                {'"', (byte) 0x80, '"'},                              // a continuation alone
                {'"', 0, 'a', 0, '"', 0},                             // UTF-16LE
                {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '1', ']'}, // UTF-8 byte order mark
        };
        for (byte[] b : docs) {
            assertThatThrownBy(() -> JsonTree.shortRead(b, b.length)).as(Arrays.toString(b)).isInstanceOf(IOException.class);
            sameAsJackson(b);
        }
    }

    @Test
    void declinesDocumentsDeeperThanItsLimit() throws IOException {
        byte[] deep = utf8("[".repeat(201) + "]".repeat(201));
        assertThatThrownBy(() -> JsonTree.shortRead(deep, deep.length)).isInstanceOf(IOException.class);
        sameAsJackson(deep);
        byte[] ok = utf8("[".repeat(200) + "]".repeat(200));
        assertThat(JsonTree.shortRead(ok, ok.length)).isEqualTo(jackson(ok));
    }

    @Test
    void readsOnlyTheGivenLength() throws IOException {
        byte[] b = utf8("[1,2]garbage");
        assertThat(JsonTree.shortRead(b, 5)).isEqualTo(List.of(1L, 2L));
    }

    /** Random documents from a small grammar, some of them cut or with a byte changed: always Jackson's answer. */
    @Test
    void agreesWithJacksonOnRandomDocuments() throws IOException {
        Random random = new Random(19);
        int taken = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            write(sb, random, 0);
            byte[] b = utf8(sb.toString());
            if (i % 3 == 1) {
                b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            } else if (i % 3 == 2 && b.length > 0) {
                b[random.nextInt(b.length)] = (byte) " ,:[]{}\"\\1e.-x\u0000\u00ff".charAt(random.nextInt(16));
            }
            taken += sameAsJackson(b) ? 1 : 0;
        }
        assertThat(taken).isGreaterThan(1000);
    }

    private static void write(StringBuilder sb, Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 4 : 7);
        switch (kind) {
            case 0 -> sb.append(r.nextBoolean() ? r.nextLong() : r.nextInt(100) - 50);
            case 1 -> sb.append(List.of("1.5", "-0.25e3", "3E-2", "0.0", "100").get(r.nextInt(5)));
            case 2 -> sb.append(List.of("\"plain\"", "\"caf\u00e9\"", "\"tab\\tquote\\\"\"", "\"\\u00e9\\ud83d\\ude00\"", "\"\"")
                    .get(r.nextInt(5)));
            case 3 -> sb.append(List.of("true", "false", "null").get(r.nextInt(3)));
            case 4, 5 -> {
                sb.append('[');
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    sb.append(k > 0 ? "," : "").append(r.nextBoolean() ? " " : "");
                    write(sb, r, depth + 1);
                }
                sb.append(']');
            }
            default -> {
                sb.append('{');
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    sb.append(k > 0 ? "," : "").append("\"k").append(r.nextInt(3)).append("\":");
                    write(sb, r, depth + 1);
                }
                sb.append('}');
            }
        }
    }

    /** parse gives exactly what Jackson gives, value or error message; returns whether the short reader took it. */
    private static boolean sameAsJackson(byte[] b) throws IOException {
        Object expected;
        try {
            expected = jackson(b);
        } catch (IOException | RuntimeException e) { // Jackson's NumberFormatException for 1e99999999999 too
            assertThatThrownBy(() -> JsonTree.parse(b, b.length)).as(new String(b, StandardCharsets.UTF_8))
                    .isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            assertThatThrownBy(() -> JsonTree.shortRead(b, b.length)).isInstanceOf(IOException.class);
            return false;
        }
        assertThat(JsonTree.parse(b, b.length)).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(expected);
        try {
            assertThat(JsonTree.shortRead(b, b.length)).isEqualTo(expected);
            return true;
        } catch (IOException declined) {
            return false;
        }
    }
}
