package dev.fanout.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of one line or field at a time, so that a byte that is not UTF-8 spoils only its own
 * row (which becomes an {@code invalid_input} record) rather than the whole run. Not thread-safe: one per reader.
 */
final class Utf8 {
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The text of {@code bytes[0, length)}, or null when they are not UTF-8 (then see {@link #problem}). */
    String decode(byte[] bytes, int length) {
        if (ascii(bytes, length)) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = strict.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The text with every bad byte replaced by U+FFFD, for a record that says the input was bad. */
    static String lenient(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** "not UTF-8 (byte 0xE9 at byte 5)": where the first bad byte is, 1-based. */
    static String problem(byte[] bytes, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        d.decode(in, out, true);
        int at = in.position();
        return String.format("not UTF-8 (byte 0x%02X at byte %d; save the file as UTF-8)", bytes[Math.min(at, length - 1)] & 0xff, at + 1);
    }

    private static boolean ascii(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
