package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BodyFilesTest {
    private static Outcome ok(long index, String url, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return Outcome.builder(Request.get(url)).index(index).status(200).body(b).bytes(b.length).build();
    }

    @Test
    void hostileUrlsGiveHarmlessNames() {
        String[] urls = {"http://h.example/../../etc/passwd", "http://h.example/%2e%2e/%2e%2e/%2E%2E/etc/shadow",
                "http://h.example/a\\..\\..\\windows", "http://h.example/%00nul%0d%0aline", "http://h.example//abs/path",
                "http://h.example/.hidden", "http://h.example/" + "x".repeat(500), "http://h.example", "http://h.example/%2F%2Fetc"};
        for (String url : urls) {
            String name = BodyFiles.safeName(7, url);
            assertThat(name).as(url).startsWith("000007_").matches("[A-Za-z0-9._-]+").doesNotContain("..")
                    .hasSizeLessThanOrEqualTo(120);
        }
        assertThat(BodyFiles.safeName(42, "https://example.org/items/7.json?x=1")).isEqualTo("000042_example.org_items_7.json_x_1");
    }

    @Test
    void credentialsNeverReachAFileName() {
        assertThat(BodyFiles.safeName(1, "https://alice:s3cret@example.org/a")).isEqualTo("000001_example.org_a");
    }

    @Test
    void everyFileStaysInTheDirectoryAndNothingIsOverwritten(@TempDir Path dir) throws Exception {
        BodyFiles files = new BodyFiles(dir.resolve("bodies"));
        Path first = files.save(ok(3, "http://h.example/../../x.json", "first"));
        Path again = files.save(ok(3, "http://h.example/../../x.json", "second"));
        assertThat(first.getParent()).isEqualTo(dir.resolve("bodies").toRealPath());
        assertThat(again.getParent()).isEqualTo(first.getParent());
        assertThat(again).isNotEqualTo(first);
        assertThat(again.getFileName().toString()).endsWith("-1.json");
        assertThat(Files.readString(first)).isEqualTo("first");
        assertThat(Files.readString(again)).isEqualTo("second");
        try (var entries = Files.list(dir)) {
            assertThat(entries.toList()).containsExactly(dir.resolve("bodies"));
        }
    }
}
