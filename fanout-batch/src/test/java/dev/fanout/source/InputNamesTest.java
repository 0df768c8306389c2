package dev.fanout.source;

import dev.fanout.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source's messages name its inputs in a library's words unless the caller gives its own names for them. */
class InputNamesTest {
    /** The command line's names (as `fanout get` gives them), for the tests that pin its wording. */
    static final InputNames FLAGS = new InputNames("-p", "-p %s=...", "-i", "input lines: -i FILE or standard input",
            "URLs as arguments, -i FILE, or pipe them to standard input", "-H", "-d", "--follow", "--follow-template");
    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    @TempDir
    Path dir;

    private static RequestSources.Spec spec(String url, List<String> headers, String... params) {
        List<Param> ps = java.util.Arrays.stream(params).map(p -> Param.parse(p, NO_STDIN)).toList();
        return new RequestSources.Spec("GET", List.of(url), headers, null, ps, null);
    }

    @Test
    void templateProblemsNameParametersWithoutFlags() {
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}/{page}", List.of(), "id=1")))
                .hasMessage("unknown placeholder {page}: no parameter page gives its values");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}", List.of(), "id=1", "x=2")))
                .hasMessage("parameter x: the template has no {x} placeholder");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}", List.of(), "id=1", "id=2")))
                .hasMessage("parameter id is given twice");
        assertThatThrownBy(() -> RequestSources.build(new RequestSources.Spec("GET", List.of("http://h/{}"), List.of(), null,
                List.of(), null))).hasMessage("the template's {} needs input lines");
        assertThatThrownBy(() -> RequestSources.build(new RequestSources.Spec("GET", List.of(), List.of(), null, List.of(), null)))
                .hasMessage("no URLs: give URLs or input lines");
    }

    @Test
    void parametersAndHeadersAreNamedInWords() {
        assertThatThrownBy(() -> Param.parse("nothing", NO_STDIN))
                .hasMessage("parameter nothing: expected name=values (a,b,c or 1..100 or @file)");
        assertThatThrownBy(() -> Param.parse("id=@/no/such/file", NO_STDIN))
                .hasMessage("parameter id: cannot read file /no/such/file (no such file)");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/", List.of("X-Note: a\nb"))))
                .hasMessage("header X-Note: the header holds a control character (a line break?); a header is one line");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/", List.of("no colon"))))
                .hasMessage("header 'no colon': expected 'Name: value'");
        assertThatThrownBy(() -> Secrets.resolve("X-Key", "${FANOUT_TEST_SURELY_UNSET}", name -> null))
                .hasMessage("header X-Key: environment variable FANOUT_TEST_SURELY_UNSET is not set");
    }

    @Test
    void aTableAndABadValueLineAreNamedInWords() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "id,name\n1,a\n");
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}", List.of(), "name=x")
                .withRows(RowSource.read(csv, RowSource.Format.CSV))))
                .hasMessage("parameter name: " + csv + " has a column of that name already");
        Path values = Files.write(dir.resolve("v.txt"), new byte[] {'o', 'k', '\n', (byte) 0xFC, '\n'});
        List<Request> rs = new ArrayList<>();
        RequestSources.build(spec("http://h/?q={q}", List.of(), "q=@" + values)).forEachRemaining(rs::add);
        assertThat(rs).extracting(Request::invalidProblem).containsExactly(null,
                "parameter q: " + values + " line 2: not UTF-8 (byte 0xFC at byte 1; save the file as UTF-8)");
    }

    @Test
    void theCommandLineGivesItsOwnNames() {
        assertThatThrownBy(() -> RequestSources.build(spec("http://h/{id}/{page}", List.of(), "id=1").withNames(FLAGS)))
                .hasMessage("unknown placeholder {page}: no -p page=... gives its values");
        assertThatThrownBy(() -> Param.parse("nothing", NO_STDIN, FLAGS))
                .hasMessage("-p nothing: expected name=values (a,b,c or 1..100 or @file)");
        assertThatThrownBy(() -> RequestSources.followTemplate(spec("http://h/{a}/{b}", List.of(), "a=1", "b=2").withNames(FLAGS),
                null, null)).hasMessage("--follow: the template has placeholders {a}, {b}; say which one a found value "
                + "fills, e.g. --follow 'a=$.ids[*]'");
        assertThatThrownBy(() -> RequestSources.followTemplate(spec("http://h/{a}/{b}", List.of(), "a=1", "b=2"), null, null))
                .hasMessage("follow: the template has placeholders {a}, {b}; say which one a found value "
                        + "fills, e.g. follow 'a=$.ids[*]'");
    }
}
