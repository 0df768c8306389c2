package dev.fanout.internal.transport;

import dev.fanout.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where one response's body goes as it arrives: into its file (with a save directory), into memory within
 * the budget (when bodies are kept), both, or nowhere but the byte count. Each method returns the failure that
 * ends the attempt, or null. On the exchange's event loop.
 */
final class ResponseBody {
    private static final byte[] NOT_KEPT = new byte[0];
    /** The longest array the JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ExchangeParts parts;
    private KeptBody kept;
    private SavedBody saved;

    ResponseBody(ExchangeParts parts) {
        this.parts = parts;
    }

    /**
     * Opens the file and reserves memory for a body of {@code length} bytes (-1: unknown); when the budget has
     * no room yet, the exchange is paused.
     */
    Failure start(Exchange exchange, EventLoop loop, long length) {
        Path dir = parts.config().saveBodies();
        if (dir != null) {
            try {
                saved = SavedBody.open(dir);
            } catch (IOException e) {
                return AttemptFailures.cannotSave(dir, e);
            }
        }
        if (!parts.config().keepBodies()) {
            return null;
        }
        MemoryBudget budget = parts.memory();
        if (length > budget.capacity() || length > MAX_ARRAY) {
            return AttemptFailures.largerThanBudget(length + " bytes (its Content-Length)", budget.capacity());
        }
        kept = new KeptBody(exchange, budget, loop);
        try {
            if (length > 0 && !kept.reserveAll(length)) {
                exchange.pauseForMemory();
            }
        } catch (OutOfMemoryError e) {
            return AttemptFailures.outOfMemory(length);
        }
        return null;
    }

    /** A piece of the body, {@code total} bytes with it; the exchange is paused when it must wait for room. */
    Failure add(Exchange exchange, ByteBuf content, long total) {
        if (saved != null) {
            try {
                saved.write(content);
            } catch (IOException e) {
                return AttemptFailures.cannotSave(parts.config().saveBodies(), e);
            }
        }
        if (kept == null) {
            return null;
        }
        if (kept.exceedsBudget(content.readableBytes())) {
            return AttemptFailures.largerThanBudget(total + " bytes so far", parts.memory().capacity());
        }
        try {
            if (!kept.add(content)) {
                exchange.pauseForMemory();
            }
        } catch (OutOfMemoryError e) {
            return AttemptFailures.outOfMemory(total);
        }
        return null;
    }

    /** Whether pieces wait for memory the budget has not granted yet. */
    boolean waiting() {
        return kept != null && kept.waiting();
    }

    /** The complete body: its bytes (empty when not kept) and its file (null when not saved). */
    record Done(byte[] bytes, Path file, Failure failure) {
    }

    Done finish(long total) {
        byte[] bytes;
        try {
            bytes = kept == null ? NOT_KEPT : kept.finish();
        } catch (OutOfMemoryError e) {
            return new Done(null, null, AttemptFailures.outOfMemory(total));
        }
        try {
            return new Done(bytes, saved == null ? null : saved.finish(), null);
        } catch (IOException e) {
            return new Done(null, null, AttemptFailures.cannotSave(parts.config().saveBodies(), e));
        }
    }

    /** The attempt ended without this body: its memory goes back, its file is deleted. */
    void discard() {
        if (kept != null) {
            kept.discard();
        }
        if (saved != null) {
            saved.abandon();
        }
    }
}
