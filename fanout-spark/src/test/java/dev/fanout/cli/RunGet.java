package dev.fanout.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code fanout get} in-process, for comparing its records with the Spark stage's rows. */
public final class RunGet {
    private RunGet() {
    }

    /** The exit code; {@code err} receives the messages. */
    public static int run(ByteArrayOutputStream err, String... args) {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), true, false, 80);
        return FanoutCommand.execute(io, args);
    }
}
