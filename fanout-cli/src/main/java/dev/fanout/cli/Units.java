package dev.fanout.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of durations ({@code 500ms}, {@code 10s}, {@code 2m}, plain seconds) and sizes ({@code 64MiB}). */
final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

    private Units() {
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: write a number and a unit, e.g. 500ms, 10s, 2m, 1h");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> v * 3_600_000;
        };
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a size: write bytes or a number and a unit, e.g. 1000, 512KiB, 1.5GiB");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit) {
            case "b" -> 0;
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            default -> 40;
        };
        // units are binary (KiB = 1024 bytes) whichever way they are spelt, as the help says
        java.math.BigDecimal bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too large a size");
        }
        return bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = duration(value);
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be above zero, e.g. 500ms or 10s");
            }
            return d;
        }
    }

    /** Like {@link DurationConverter} but zero is allowed (latency). */
    static final class LatencyConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return size(value);
        }
    }
}
