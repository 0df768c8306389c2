package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A response body kept in memory within the client's {@link MemoryBudget}: a body of known length reserves it
 * all before its first byte, one of unknown length reserves each piece as it arrives. When the budget has no
 * room the body {@linkplain Exchange#pauseForMemory() pauses its exchange}; pieces already read meanwhile wait
 * here, and go in once the budget grants the room. Every method but {@link #granted()} and {@link #setAside()}
 * runs on the exchange's event loop.
 *
 * <p>Once complete, the body holds exactly as many reserved bytes as its array is long: whoever takes the
 * outcome gives back {@code body().length}.
 */
final class KeptBody implements MemoryBudget.Waiter {
    private static final byte[] EMPTY = new byte[0];

    private final Exchange exchange;
    private final MemoryBudget budget;
    private final EventLoop loop;
    /** The length a body announced and reserved as a whole, or -1. */
    private long expected = -1;
    /** The array for a body of known length, allocated once its length is reserved; or null. */
    private byte[] whole;
    /** Pieces of a body of unknown length. */
    private List<byte[]> pieces;
    private long size;
    /** Bytes reserved for this body. */
    private long held;
    /** Bytes asked of the budget and not yet granted (0 when not waiting). */
    private long asked;
    /** Bytes granted for pieces that waited, not yet used by them. */
    private long credit;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private boolean discarded;
    /** Bodies under way are served oldest first. */
    private final long age;

    KeptBody(Exchange exchange, MemoryBudget budget, EventLoop loop) {
        this.exchange = exchange;
        this.budget = budget;
        this.loop = loop;
        this.age = budget.nextAge();
    }

    /** Reserves a body of {@code length} bytes; false when it has to wait (the exchange pauses). */
    boolean reserveAll(long length) {
        expected = length;
        if (!reserve(length)) {
            return false;
        }
        whole = new byte[(int) length];
        return true;
    }

    boolean waiting() {
        return asked > 0;
    }

    /**
     * Keeps a piece of the body; false when the budget has no room for it now (the piece waits, retained, and the
     * exchange pauses). The caller checks {@link #exceedsBudget} first.
     */
    boolean add(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return true;
        }
        if (waiting() || !pending.isEmpty()) {
            pending.add(content.retain());
            return false;
        }
        if (whole != null && size + n <= whole.length) {
            copy(content);
            return true;
        }
        if (credit >= n) {
            credit -= n;
            copy(content);
            return true;
        }
        if (!reserve(n)) {
            pending.add(content.retain());
            return false;
        }
        copy(content);
        return true;
    }

    /** Whether {@code more} bytes would make this body larger than the whole budget. */
    boolean exceedsBudget(long more) {
        long pendingBytes = 0;
        for (ByteBuf b : pending) {
            pendingBytes += b.readableBytes();
        }
        return Math.max(held + asked, size + pendingBytes + more) > budget.capacity();
    }

    private boolean reserve(long n) {
        if (budget.reserveOrWait(n, age, this)) {
            held += n;
            return true;
        }
        asked = n;
        return false;
    }

    private void copy(ByteBuf content) {
        int n = content.readableBytes();
        if (whole != null && size + n <= whole.length) {
            content.getBytes(content.readerIndex(), whole, (int) size, n);
        } else {
            if (pieces == null) { // unknown length, or longer than its Content-Length said
                pieces = new ArrayList<>();
            }
            byte[] piece = new byte[n];
            content.getBytes(content.readerIndex(), piece);
            pieces.add(piece);
        }
        size += n;
    }

    /** The budget found room (any thread). */
    @Override
    public void granted() {
        try {
            loop.execute(this::onGranted);
        } catch (RejectedExecutionException e) {
            budget.release(asked); // the client is closing and its loop has ended: the room goes back
        }
    }

    private void onGranted() {
        long n = asked;
        asked = 0;
        if (discarded) {
            budget.release(n);
            return;
        }
        held += n;
        if (expected >= 0 && whole == null) {
            whole = new byte[(int) expected];
        } else {
            credit += n; // for the piece that asked
        }
        while (!pending.isEmpty() && !waiting()) {
            ByteBuf next = pending.poll();
            try {
                if (!addNow(next)) {
                    return;
                }
            } finally {
                next.release();
            }
        }
        exchange.resumeAfterMemory();
    }

    /** {@link #add} for a piece that waited; false when it has to wait again (it is put back first). */
    private boolean addNow(ByteBuf piece) {
        int n = piece.readableBytes();
        if (whole != null && size + n <= whole.length) {
            copy(piece);
            return true;
        }
        if (credit >= n) {
            credit -= n;
            copy(piece);
            return true;
        }
        if (!reserve(n)) {
            pending.addFirst(piece.retain());
            return false;
        }
        copy(piece);
        return true;
    }

    /** The budget is stuck with this body half read (any thread). */
    @Override
    public void setAside() {
        try {
            loop.execute(exchange::setAsideForMemory);
        } catch (RejectedExecutionException e) {
            // the client is closing: the exchange ends as cancelled and gives its memory back
        }
    }

    @Override
    public long held() {
        return held;
    }

    /** The whole body; reserved bytes beyond its length are given back. */
    byte[] finish() {
        byte[] out;
        if (pieces == null) {
            out = whole == null ? EMPTY : size == whole.length ? whole : Arrays.copyOf(whole, (int) size);
        } else {
            out = new byte[Math.toIntExact(size)];
            int at = 0;
            if (whole != null) {
                System.arraycopy(whole, 0, out, 0, whole.length);
                at = whole.length;
            }
            for (byte[] p : pieces) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
        }
        whole = null;
        pieces = null;
        if (held > out.length) {
            budget.release(held - out.length);
            held = out.length;
        } else {
            budget.finished();
        }
        return out;
    }

    /** The body is not wanted (the attempt failed or was set aside): everything goes back. */
    void discard() {
        if (discarded) {
            return;
        }
        discarded = true;
        if (asked > 0 && budget.cancel(this)) {
            asked = 0;
        } // else a grant is on its way, and onGranted gives it back
        budget.release(held);
        held = 0;
        whole = null;
        pieces = null;
        ByteBuf b;
        while ((b = pending.poll()) != null) {
            b.release();
        }
    }
}
