package dev.fanout.internal.extract;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** I-Regexp (RFC 9485) read as Java patterns: where the two differ, I-Regexp's meaning wins. */
class IRegexpTest {
    private static boolean matches(String regex, String s) {
        Pattern p = IRegexp.compile(regex);
        return p != null && p.matcher(s).matches();
    }

    @Test
    void dotIsAnyCharacterButLineFeedAndCarriageReturn() {
        assertThat(matches(".", "\u2028")).isTrue();
        assertThat(matches(".", "\u0085")).isTrue();
        assertThat(matches(".", "\n")).isFalse();
        assertThat(matches(".", "\r")).isFalse();
        assertThat(matches("a.b", "a\uD800\uDD01b")).as("one character above U+FFFF").isTrue();
    }

    @Test
    void charactersSpecialOnlyToJavaAreLiteral() {
        assertThat(matches("[a&&b]+", "a&b")).as("&& is no intersection").isTrue();
        assertThat(matches("[\\]\\[.]+", "][.")).isTrue();
        assertThat(matches("a\\.c", "abc")).isFalse();
        assertThat(matches("#x", "#x")).isTrue();
    }

    @Test
    void dollarIsTheEndOfTheStringOnly() {
        assertThat(IRegexp.compile(".*bc$").matcher("abc\n").find()).as("Java's $ would match before the \\n").isFalse();
        assertThat(IRegexp.compile("^ab").matcher("xab").find()).isFalse();
    }

    @Test
    void categoriesQuantifiersAndBranches() {
        assertThat(matches("\\p{Lu}\\P{Lu}{2,3}", "Abc")).isTrue();
        assertThat(matches("(ab|cd){2}", "abcd")).isTrue();
        assertThat(matches("[^a-c]", "d")).isTrue();
        assertThat(matches("[-a]+", "-a")).isTrue();
    }

    @Test
    void aMatchTooDeepForJavasMatcherIsNoMatchNotACrash() {
        String longText = "ab".repeat(500_000); // deep enough to overflow any usual thread stack
        assertThat(Function.matches(IRegexp.compile("(a|b)*"), longText, true)).isFalse();
        assertThat(Function.matches(IRegexp.compile("[ab]*"), longText, true)).as("a class needs no recursion").isTrue();
    }

    @Test
    void whatIRegexpDoesNotHaveIsInvalid() {
        for (String notIRegexp : new String[] {"\\d", "a{2,1}", "(?i)a", "a*?", "\\1", "[a-\\p{L}]", "(a", "a)", "[z-a]", "\\p{IsLatin}", "[a-b-c]"}) {
            assertThatThrownBy(() -> IRegexp.translate(notIRegexp)).as(notIRegexp).isInstanceOf(IllegalArgumentException.class);
            assertThat(IRegexp.compile(notIRegexp)).as(notIRegexp).isNull();
        }
    }
}
