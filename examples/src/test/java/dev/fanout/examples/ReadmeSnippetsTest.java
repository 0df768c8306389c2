package dev.fanout.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} block of the README's library section is a run of lines of these examples' sources
 * (indentation aside), so the README shows code that compiles and that a test ran: renaming a method the
 * README uses breaks this build, not a user's.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void everyJavaBlockOfTheLibrarySectionIsInTheExamples() throws IOException {
        List<List<String>> blocks = javaBlocks(librarySection(Files.readAllLines(README)));
        assertThat(blocks).as("```java blocks in README.md's '## The library'").hasSizeGreaterThanOrEqualTo(6);

        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(Files.readAllLines(f));
            }
        }
        for (List<String> block : blocks) {
            assertThat(sources.stream().anyMatch(src -> contains(src, block)))
                    .as("README.md block not found verbatim in examples/src/main/java:%n%s", String.join("\n", block))
                    .isTrue();
        }
    }

    @Test
    void aChangedLineIsNoLongerFound() {
        List<String> source = List.of("class A {", "    void f() {", "        fanout.fetch(r).join();", "    }", "}");
        assertThat(contains(source, List.of("fanout.fetch(r).join();"))).isTrue();
        assertThat(contains(source, List.of("void f() {", "    fanout.fetch(r).join();"))).isTrue();
        assertThat(contains(source, List.of("fanout.fetchOne(r).join();"))).isFalse();
        assertThat(contains(source, List.of("void f() {", "fanout.fetch(r).join();"))).isFalse();
    }

    static List<String> librarySection(List<String> readme) {
        int start = readme.indexOf("## The library");
        assertThat(start).as("README.md has a '## The library' section").isNotNegative();
        int end = readme.size();
        for (int i = start + 1; i < readme.size(); i++) {
            if (readme.get(i).startsWith("## ")) {
                end = i;
                break;
            }
        }
        return readme.subList(start, end);
    }

    static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            String t = line.strip();
            if (current == null && t.equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && t.equals("```")) {
                blocks.add(dedent(current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** Whether {@code block} is a run of {@code source}'s lines, each with the same extra indentation. */
    static boolean contains(List<String> source, List<String> block) {
        for (int i = 0; i + block.size() <= source.size(); i++) {
            if (dedent(source.subList(i, i + block.size())).equals(block)) {
                return true;
            }
        }
        return false;
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }
}
