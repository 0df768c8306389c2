package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/find-jdk.sh, which ./fanout and ./test use to find a JDK >= 21, run in bash against fake JDKs. */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "find-jdk.sh").toAbsolutePath().normalize();

    private static Path fakeJdk(Path dir, String name, String version) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private record Result(int code, String out) {
    }

    private static Result find(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". '" + SCRIPT + "'; fanout_find_jdk 21 && echo \"$FANOUT_JAVA_HOME $FANOUT_JAVA_MAJOR\"");
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("FANOUT_JAVA_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out.strip());
    }

    @Test
    void skipsAnOldJavaHomeAndPicksTheNewestJdk21Plus(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir, "jdk-17", "17.0.15");
        fakeJdk(dir, "jdk-21", "21.0.4");
        Path newest = fakeJdk(dir, "jdk-25", "25.0.3");
        Result r = find(Map.of("JAVA_HOME", old.toString(), "FANOUT_JDK_SEARCH", dir + "/*"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(newest.toRealPath() + " 25");
    }

    @Test
    void aSuitableJavaHomeWins(@TempDir Path dir) throws Exception {
        Path home = fakeJdk(dir, "jdk-21", "21.0.4");
        fakeJdk(dir, "jdk-25", "25.0.3");
        Result r = find(Map.of("JAVA_HOME", home.toString(), "FANOUT_JDK_SEARCH", dir + "/*"));
        assertThat(r.out()).isEqualTo(home + " 21");
    }

    @Test
    void saysWhatToInstallWhenThereIsNone(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir, "jdk-17", "17.0.15");
        Result r = find(Map.of("JAVA_HOME", old.toString(), "FANOUT_JDK_SEARCH", dir + "/*"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("needs a JDK 21 or newer").contains("apt-get install openjdk-21-jdk");
    }
}
