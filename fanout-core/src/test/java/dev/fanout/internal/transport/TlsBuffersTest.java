package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLS connections' allocator keeps the arrays of record-sized heap buffers for the next, and only those. */
class TlsBuffersTest {
    private final TlsBuffers buffers = new TlsBuffers(new UnpooledByteBufAllocator(false));
    private static final int RECORD = 16_709; // what the JDK's SSLEngine asks room for

    @Test
    void aReleasedRecordBuffersArrayGoesToTheNextOfItsSize() {
        ByteBuf first = buffers.heapBuffer(RECORD);
        byte[] array = first.array();
        first.writeBytes(new byte[] {1, 2, 3});
        first.release();

        ByteBuf second = buffers.heapBuffer(RECORD);
        assertThat(second.array()).isSameAs(array);
        assertThat(second.readableBytes()).as("a new buffer, empty").isZero();
        ByteBuf other = buffers.heapBuffer(RECORD + 1);
        assertThat(other.array()).as("another size: a new array").isNotSameAs(array).hasSize(RECORD + 1);
        second.release();
        other.release();
    }

    @Test
    void smallBuffersAreNotKeptAndAThreadKeepsABoundedNumber() {
        int before = TlsBuffers.keptHere();
        buffers.heapBuffer(1024).release();
        assertThat(TlsBuffers.keptHere()).isEqualTo(before);

        List<ByteBuf> many = new ArrayList<>();
        for (int i = 0; i < TlsBuffers.KEPT_PER_THREAD + 5; i++) {
            many.add(buffers.heapBuffer(RECORD));
        }
        many.forEach(ByteBuf::release);
        assertThat(TlsBuffers.keptHere()).isEqualTo(TlsBuffers.KEPT_PER_THREAD);
    }

    @Test
    void directBuffersComeFromTheOtherAllocator() {
        ByteBuf direct = buffers.directBuffer(RECORD);
        assertThat(direct.isDirect()).isTrue();
        assertThat(direct.alloc()).isNotSameAs(buffers);
        direct.release();
    }
}
