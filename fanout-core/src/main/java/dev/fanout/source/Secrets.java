package dev.fanout.source;

import dev.fanout.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header values kept out of the command line (and so out of shell history and {@code ps}): {@code @FILE}
 * reads the value from a file (its trailing line break dropped; {@code @@x} is the literal {@code @x}), and
 * {@code ${NAME}} anywhere in a value is the environment variable NAME. A value read this way is used as it
 * is, with no placeholders. Records never hold request headers, so a secret given this way appears nowhere
 * in the output.
 */
public final class Secrets {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Secrets() {
    }

    /** Whether {@code value} names a file or an environment variable rather than being a template. */
    public static boolean isReference(String value) {
        return value.startsWith("@") || ENV.matcher(value).find();
    }

    /**
     * The value with its file or environment references resolved; an {@link IllegalArgumentException}
     * naming the header (never the secret) when a file cannot be read, a variable is not set, or the result
     * holds a control character.
     */
    public static String resolve(String header, String value, UnaryOperator<String> environment) {
        String resolved;
        if (value.startsWith("@@")) {
            resolved = value.substring(1);
        } else if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            try {
                resolved = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
            } catch (IOException e) {
                throw new IllegalArgumentException("-H " + header + ": cannot read " + file + " (" + dev.fanout.internal.IoReasons.of(e) + ")");
            }
        } else {
            Matcher m = ENV.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = environment.apply(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException("-H " + header + ": environment variable " + m.group(1) + " is not set");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            resolved = sb.toString();
        }
        if (Headers.hasControlCharacter(resolved)) {
            throw new IllegalArgumentException("-H " + header + ": the value holds a control character (a line break?)");
        }
        return resolved;
    }
}
