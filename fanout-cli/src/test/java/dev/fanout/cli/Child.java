package dev.fanout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code fanout} run in a child JVM, for what only a real process shows: signals, pipes, locks, limits. */
final class Child {
    private Child() {
    }

    /** The command line of {@code fanout ARGS} in a child JVM, after {@code prefix} (e.g. {@code prlimit ...}). */
    static List<String> command(List<String> prefix, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * JVM options that load SQLite's native library from a copy made in {@code dir}, as the launcher does from its
     * own: sqlite-jdbc otherwise copies it into the temporary directory at start.
     */
    static List<String> sqliteLibrary(Path dir) throws IOException {
        List<String> options = sqliteLibraryIfAny(dir);
        Assumptions.assumeTrue(!options.isEmpty(), "no SQLite native library for this platform: skipped");
        return options;
    }

    /** {@link #sqliteLibrary}, or no options where sqlite-jdbc has no library for this platform. */
    private static List<String> sqliteLibraryIfAny(Path dir) throws IOException {
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/libsqlitejdbc.so";
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            Files.createDirectories(dir);
            Path copy = dir.resolve("libsqlitejdbc.so");
            if (!Files.exists(copy)) { // one copy serves every child started with this directory
                Files.copy(in, copy);
            }
        }
        return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=libsqlitejdbc.so");
    }

    /**
     * Starts {@code fanout ARGS}; stdin is /dev/null (no pipe of ours is left open for a leak check to count),
     * stdout is discarded, stderr goes to {@code stderr}. SQLite's library is loaded from beside {@code stderr}: a
     * child killed by a test would leave the copy sqlite-jdbc makes in the temporary directory behind.
     */
    static Process start(Path stderr, String... args) throws IOException {
        List<String> jvm = sqliteLibraryIfAny(stderr.toAbsolutePath().getParent().resolve("natives"));
        return new ProcessBuilder(command(List.of(), jvm, args)).redirectInput(new java.io.File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    /** Sends {@code signal} ("INT", "TERM") to the process, as {@code kill -SIGNAL pid}. */
    static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, p.pid()).isZero();
    }

    /** Whether the process ignores signal number {@code sig} (as a background job of a shell may: SIGINT). */
    static boolean ignores(Process p, int sig) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                return (mask & (1L << (sig - 1))) != 0;
            }
        }
        return false;
    }

    /** Waits (at most 40 s, within the tests' 60 s limit) until {@code condition} holds or the process has ended; true when it holds. */
    static boolean await(Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                return condition.getAsBoolean();
            }
            p.waitFor(2, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Whether a thread of the process is blocked writing to a full pipe (its kernel wait channel says so). */
    static boolean blockedWritingAPipe(Process p) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            return tasks.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).contains("pipe_write");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** Lines in the file so far (0 when it does not exist yet). */
    static long lines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long n = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
