package dev.fanout.spark;

import dev.fanout.testserver.PackageCycles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

/** docs/architecture.md draws this module's packages in layers: none of them uses another that uses it back. */
class PackageLayersTest {
    @Test
    void noPackageIsInACycle() throws IOException {
        PackageCycles.assertLayered(Path.of("target/classes"), "dev.fanout.spark.cli", "dev.fanout.spark");
    }
}
