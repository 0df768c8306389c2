package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code fanout ARGS} in-process with the given stdin and captures stdout, stderr and the exit code. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun withStdin(String stdin, String... args) {
        return withEnv(java.util.Map.of(), stdin, args);
    }

    /** With these environment variables (the run sees no others). */
    static CliRun withEnv(java.util.Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8), false, false, 100, env);
        int code = FanoutCommand.execute(io, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun of(String... args) {
        return withStdin("", args);
    }

    /** {@code a} followed by {@code b}, for building argument lists. */
    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The JSONL records on stdout. */
    List<JsonNode> records() {
        return jsonLines(out());
    }

    /** The JSONL records of an output file. */
    static List<JsonNode> records(Path file) throws IOException {
        return jsonLines(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<JsonNode> jsonLines(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return out;
    }
}
