package dev.fanout.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code fanout ARGS} in a child JVM (with its own heap size, or under a command such as {@code prlimit}),
 * waits for it within a bound, and keeps its exit code and standard error. Standard output goes to a file.
 */
record ChildRun(int exitCode, String err) {

    /** Runs {@code prefix + java jvmOptions Main args}; a child still running after {@code seconds} is killed and fails. */
    static ChildRun run(List<String> prefix, List<String> jvmOptions, Path stdout, long seconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("fanout-child", ".err");
        try {
            Process child = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(err.toFile()).start();
            if (!child.waitFor(seconds, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("fanout " + String.join(" ", args) + " still running after " + seconds + " s: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ChildRun(child.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
