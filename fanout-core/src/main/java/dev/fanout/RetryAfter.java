package dev.fanout;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date
 * (IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept). Anything else is ignored.
 */
public final class RetryAfter {
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .appendPattern("EEE MMM")
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("d HH:mm:ss yyyy")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    /** No server means a wait of more than this; larger numbers are treated as garbage. */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private RetryAfter() {
    }

    /**
     * The wait a {@code Retry-After} value asks for, measured from {@code now}; a date in the past is a wait of
     * zero. Empty when the value is missing or not a valid form.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (isDigits(v)) {
            if (v.length() > 12) {
                return Optional.empty();
            }
            long seconds = Long.parseLong(v);
            return seconds > MAX_SECONDS ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        }
        Instant at = parseDate(v);
        if (at == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    private static Instant parseDate(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException ignored) {
            // try the obsolete forms
        }
        try {
            return LocalDateTime.parse(v, RFC_850).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // try asctime
        }
        try {
            return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            return null;
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code instant} as an IMF-fixdate, the form servers send (for tests and the test server). */
    public static String httpDate(Instant instant) {
        return IMF_FIXDATE.format(instant.atZone(ZoneOffset.UTC));
    }
}
