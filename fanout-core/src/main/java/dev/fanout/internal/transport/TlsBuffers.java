package dev.fanout.internal.transport;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeHeapByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;

import java.util.ArrayDeque;

/**
 * The allocator of TLS connections. The JDK's SSLEngine needs a whole record's room (~16 KB) for every record it
 * writes, even a 100-byte request's, and Netty's SslHandler asks for a new heap buffer that size each time: 16 of
 * the 25 KB an HTTPS/1.1 request allocated, 8 of an HTTP/2 request's 20 KB (20,000 requests each, measured). The
 * arrays of buffers that large are kept here when released, a few per thread, and given to the next; everything
 * else comes from Netty's default allocator.
 *
 * <p>Thread-safe: each thread keeps its own arrays (an event loop releases the buffers it wrote). A released
 * buffer's array may be handed out again at once, as with any pooled allocator.
 */
final class TlsBuffers extends AbstractByteBufAllocator {
    static final TlsBuffers INSTANCE = new TlsBuffers(ByteBufAllocator.DEFAULT);

    /** Heap buffers at least this large have their arrays kept: a TLS record's room, not a small read. */
    static final int KEPT_FROM = 16 * 1024;
    /** Arrays kept per thread: the records of a few connections' writes in one event-loop tick. */
    static final int KEPT_PER_THREAD = 16;

    private static final FastThreadLocal<ArrayDeque<byte[]>> FREE = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<byte[]> initialValue() {
            return new ArrayDeque<>(KEPT_PER_THREAD);
        }
    };

    private final ByteBufAllocator others;

    TlsBuffers(ByteBufAllocator others) {
        super(PlatformDependent.directBufferPreferred()); // buffer() prefers direct as Netty's default allocators do
        this.others = others;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return initialCapacity >= KEPT_FROM ? new Kept(this, initialCapacity, maxCapacity) : others.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return others.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return others.isDirectBufferPooled();
    }

    /** Arrays kept by the calling thread now (for tests). */
    static int keptHere() {
        return FREE.get().size();
    }

    /** A heap buffer whose array comes from, and goes back to, the thread's kept arrays. */
    private static final class Kept extends UnpooledUnsafeHeapByteBuf {
        Kept(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
            super(alloc, initialCapacity, maxCapacity);
        }

        @Override
        protected byte[] allocateArray(int length) {
            ArrayDeque<byte[]> free = FREE.get();
            byte[] kept = free.peekLast();
            if (kept != null && kept.length == length) {
                return free.pollLast();
            }
            return super.allocateArray(length);
        }

        @Override
        protected void freeArray(byte[] array) {
            ArrayDeque<byte[]> free = FREE.get();
            if (array.length >= KEPT_FROM && free.size() < KEPT_PER_THREAD) {
                free.addLast(array);
            }
        }
    }
}
