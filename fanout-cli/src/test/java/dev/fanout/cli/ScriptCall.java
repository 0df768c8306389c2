package dev.fanout.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** One of the launcher's bash scripts (scripts/NAME), sourced and called in bash: what it prints, stripped. */
final class ScriptCall {
    private ScriptCall() {
    }

    static Path script(String name) {
        return Path.of("..", "scripts", name).toAbsolutePath().normalize();
    }

    /** Sources {@code script}, then runs {@code commands} (bash) after it; fails unless bash exits with 0. */
    static String run(Path script, String commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". '" + script + "'; " + commands);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.strip();
    }
}
