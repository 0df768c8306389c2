package dev.fanout.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * UTF-8 in, ASCII out: for a terminal outside a UTF-8 locale ({@code LC_ALL=C}), where fanout's few non-ASCII
 * characters would show as {@code ?}. Those get ASCII stand-ins ({@code ·} → {@code |}, {@code █} → {@code #},
 * {@code ░} → {@code -}, {@code ×} → {@code x}, {@code …} → {@code ...}); any other non-ASCII character is {@code ?}.
 */
final class AsciiOutput extends FilterOutputStream {
    private int codePoint;
    private int continuation;

    AsciiOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xff;
        if (continuation > 0 && (b & 0xc0) == 0x80) {
            codePoint = (codePoint << 6) | (b & 0x3f);
            if (--continuation == 0) {
                out.write(standIn(codePoint));
            }
            return;
        }
        continuation = 0;
        if (b < 0x80) {
            out.write(b);
        } else if ((b & 0xe0) == 0xc0) {
            codePoint = b & 0x1f;
            continuation = 1;
        } else if ((b & 0xf0) == 0xe0) {
            codePoint = b & 0x0f;
            continuation = 2;
        } else if ((b & 0xf8) == 0xf0) {
            codePoint = b & 0x07;
            continuation = 3;
        } else {
            out.write('?');
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    static byte[] standIn(int cp) {
        String s = switch (cp) {
            case 0x00b7 -> "|";       // · middle dot
            case 0x2588, 0x2593 -> "#"; // █ ▓
            case 0x2591, 0x2592 -> "-"; // ░ ▒
            case 0x00d7 -> "x";       // ×
            case 0x2026 -> "...";     // …
            case 0x00b1 -> "+/-";     // ±
            case 0x2014, 0x2013 -> "-"; // — –
            case 0x2192 -> "->";      // →
            case 0x00b5 -> "u";       // µ
            default -> "?";
        };
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
