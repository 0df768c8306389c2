package dev.fanout.cli;

import dev.fanout.testserver.PackageCycles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/architecture.md draws this module's packages in layers: none of them uses another that uses it back. */
class PackageLayersTest {
    @Test
    void noPackageIsInACycle() throws IOException {
        Map<String, Set<String>> uses = PackageCycles.dependencies(Path.of("target/classes"), "dev.fanout");
        assertThat(uses.get(EDGE[0])).contains(EDGE[1]); // the classes were read, their dependencies with them
        assertThat(PackageCycles.cycles(uses)).isEmpty();
    }

    private static final String[] EDGE = {"dev.fanout.cli", "dev.fanout.cli.report"};
}
