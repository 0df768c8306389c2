package dev.fanout.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an example printed: standard output is captured while it runs (the examples print, as the README's do). */
final class Printed {
    private Printed() {
    }

    interface Example {
        void run() throws Exception;
    }

    static List<String> lines(Example example) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        saved.print(text);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
