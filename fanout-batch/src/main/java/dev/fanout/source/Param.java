package dev.fanout.source;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named template parameter and its values, as given on the command line:
 * {@code name=a,b,c} (a list), {@code name=1..10000} (a range, zero-padded as written, e.g. {@code 001..100}),
 * {@code name=@file} (a value per line) or {@code name=@-} (a value per line of standard input). In a value
 * file every non-blank line is a value, trimmed — a line starting with {@code #} too ({@code #hashtag} is a
 * search term, not a comment); a line that is not UTF-8 makes its requests {@code invalid_input} records.
 */
public record Param(String name, ValueSource values) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RANGE = Pattern.compile("(-?)(\\d+)\\.\\.(-?)(\\d+)");

    /** Parses {@code name=spec}; throws {@link IllegalArgumentException} with a one-line message. */
    public static Param parse(String spec, InputStream stdin) {
        return parse(spec, stdin, InputNames.LIBRARY);
    }

    /** {@link #parse(String, InputStream)} with messages naming the parameter as {@code names} do. */
    public static Param parse(String spec, InputStream stdin, InputNames names) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(names.parameter(spec) + ": expected name=values (a,b,c or 1..100 or @file)");
        }
        String name = spec.substring(0, eq).strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(names.parameter(spec) + ": '" + name + "' is not a valid placeholder name");
        }
        return new Param(name, values(name, spec.substring(eq + 1), stdin, names));
    }

    private static ValueSource values(String name, String v, InputStream stdin, InputNames names) {
        if (v.equals("@-")) {
            return ValueSource.linesOnce(stdin, "standard input", false);
        }
        if (v.startsWith("@")) {
            Path file = Path.of(v.substring(1));
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException(names.parameter(name) + ": cannot read file " + file
                        + (Files.exists(file) ? " (not a readable file)" : " (no such file)"));
            }
            return ValueSource.lines(file, false);
        }
        Matcher m = RANGE.matcher(v.strip());
        if (m.matches()) {
            long from = Long.parseLong(m.group(1) + m.group(2));
            long to = Long.parseLong(m.group(3) + m.group(4));
            int width = Math.max(padWidth(m.group(2)), padWidth(m.group(4)));
            return ValueSource.range(from, to, width);
        }
        // 'a, b,c' is a, b and c: spaces around commas are how people write lists, never part of a value
        List<String> list = Arrays.stream(v.split(",", -1)).map(String::strip).toList();
        return ValueSource.of(list);
    }

    private static int padWidth(String digits) {
        return digits.length() > 1 && digits.charAt(0) == '0' ? digits.length() : 0;
    }
}
