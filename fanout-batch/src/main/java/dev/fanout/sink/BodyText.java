package dev.fanout.sink;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Response bodies as text for records: UTF-8 when they decode cleanly, otherwise null (callers use base64). */
final class BodyText {
    private BodyText() {
    }

    static String utf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The body as UTF-8 text, or {@code base64:…} when it is not UTF-8 (CSV's and Spark's body cell). */
    static String textOrBase64(byte[] body) {
        String text = utf8OrNull(body);
        return text != null ? text : "base64:" + Base64.getEncoder().encodeToString(body);
    }
}
