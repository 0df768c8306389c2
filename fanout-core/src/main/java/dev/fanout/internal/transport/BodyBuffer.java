package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** A growable byte array collecting one response body; sized up front when Content-Length is known. */
final class BodyBuffer {
    private static final byte[] EMPTY = new byte[0];
    private byte[] bytes;
    private int size;

    BodyBuffer(long expected) {
        bytes = expected > 0 ? new byte[(int) Math.min(expected, 1 << 20)] : EMPTY;
    }

    void append(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.max(256, bytes.length * 2)));
        }
        buf.getBytes(buf.readerIndex(), bytes, size, n);
        size += n;
    }

    byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
