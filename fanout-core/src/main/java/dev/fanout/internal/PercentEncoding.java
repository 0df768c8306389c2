package dev.fanout.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/** Percent-encoding (RFC 3986 §2.1) of the characters a caller does not keep, as UTF-8 bytes. */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** Appends {@code s} to {@code out}, each character {@code keep} rejects written as %XX of its UTF-8 bytes. */
    public static void append(String s, IntPredicate keep, StringBuilder out) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp < 0x80 && keep.test(cp)) {
                out.append((char) cp);
            } else {
                for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                       .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            i += Character.charCount(cp);
        }
    }
}
