package dev.fanout.testserver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCyclesTest {
    @Test
    void findsEachCircleOfPackagesOnce() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a", "e"), "e", Set.of("d"), "f", Set.of("a"));
        assertThat(PackageCycles.cycles(uses)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("d", "e"));
        assertThat(PackageCycles.cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    @Test
    void readsWhatCompiledClassesName() throws IOException {
        // this module's classes are one package, which names JUnit's and Netty's but no other under the prefix
        Map<String, Set<String>> uses = PackageCycles.dependencies(Path.of("target/classes"), "dev.fanout");
        assertThat(uses).containsOnlyKeys("dev.fanout.testserver");
        assertThat(uses.get("dev.fanout.testserver")).isEmpty();
        assertThat(PackageCycles.dependencies(Path.of("target/classes"), "io.netty").get("dev.fanout.testserver"))
                .contains("io.netty.channel", "io.netty.handler.codec.http");
    }
}
