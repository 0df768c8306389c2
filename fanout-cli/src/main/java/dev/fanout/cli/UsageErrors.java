package dev.fanout.cli;

import picocli.CommandLine.ParameterException;

import java.util.regex.Pattern;

/** picocli's messages for a bad command line, reworded where they speak Java rather than the user's terms. */
final class UsageErrors {
    private static final Pattern NOT_A_NUMBER = Pattern.compile("'([^']*)' is not an? (int|long|integer)");
    private static final Pattern NOT_A_DECIMAL = Pattern.compile("'([^']*)' is not an? (float|double)");
    /** picocli's fallback when a converter throws something other than a TypeConversionException. */
    private static final Pattern INVALID_VALUE = Pattern.compile("^Invalid value for (?:option|positional parameter) '([^']*)': ");
    private static final Pattern JAVA_CAUSE = Pattern.compile("cannot convert '([^']*)' to \\w+ \\(\\S+?: (.*)\\)$");

    private UsageErrors() {
    }

    static String message(ParameterException e) {
        String m = e.getMessage().replace("\r", "").replace("\n", " ").strip();
        m = NOT_A_NUMBER.matcher(m).replaceAll("'$1' is not a whole number");
        m = NOT_A_DECIMAL.matcher(m).replaceAll("'$1' is not a number");
        m = INVALID_VALUE.matcher(m).replaceFirst("$1: ");
        return JAVA_CAUSE.matcher(m).replaceAll("$2");
    }
}
