package dev.fanout.internal.transport;

/**
 * The deadlines of one attempt, on its event loop: the total limit from the start, and the first-byte and
 * read-silence limits from when the request goes out (each only if set). Time the attempt spends waiting for
 * the memory budget ({@link #pause()} to {@link #resume()}) is not counted: it is not the server's.
 */
final class AttemptClock {
    private final Exchange owner;
    private final LoopTimeouts timeouts;
    private final Deadline total;
    private Deadline firstByte;
    private Deadline read;
    private long startNanos;
    /** When the total limit counts from: the start, moved on by time spent paused. */
    private long totalFromNanos;
    private long lastReadNanos;
    private long pausedAtNanos;

    AttemptClock(Exchange owner, LoopTimeouts timeouts) {
        this.owner = owner;
        this.timeouts = timeouts;
        this.total = new Deadline(owner, Deadline.Kind.TOTAL);
    }

    void start() {
        startNanos = System.nanoTime();
        totalFromNanos = startNanos;
        timeouts.total().add(total, startNanos);
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** The request went out: the first-byte and read-silence limits start (if they are set). */
    void sent() {
        TimeoutQueue fb = timeouts.firstByte();
        TimeoutQueue rd = timeouts.read();
        if (fb == null && rd == null) {
            return;
        }
        long now = System.nanoTime();
        if (fb != null) {
            if (firstByte == null) {
                firstByte = new Deadline(owner, Deadline.Kind.FIRST_BYTE);
            }
            fb.add(firstByte, now);
        }
        if (rd != null) {
            if (read == null) {
                read = new Deadline(owner, Deadline.Kind.READ);
            }
            lastReadNanos = now;
            rd.add(read, now);
        }
    }

    /** Bytes arrived: the read-silence clock restarts (lazily, see {@link TimeoutQueue}). */
    void bytesArrived() {
        if (read != null) {
            lastReadNanos = System.nanoTime();
        }
    }

    /** The response's head arrived: no more first-byte limit. */
    void headArrived() {
        if (firstByte != null) {
            timeouts.firstByte().remove(firstByte);
        }
    }

    /** Whether a read-silence deadline that came due really passed; if bytes came since, it is set again. */
    boolean readSilencePassed(Deadline d, long now) {
        TimeoutQueue rd = timeouts.read();
        if (lastReadNanos + rd.lengthNanos() - now > 0) {
            rd.add(d, lastReadNanos);
            return false;
        }
        return true;
    }

    void clear() {
        timeouts.total().remove(total);
        if (firstByte != null) {
            timeouts.firstByte().remove(firstByte);
        }
        if (read != null) {
            timeouts.read().remove(read);
        }
    }

    /** The attempt waits for memory: no deadline runs meanwhile. */
    void pause() {
        pausedAtNanos = System.nanoTime();
        clear();
    }

    /** It goes on: the total limit resumes where it stopped, the read silence starts afresh. */
    void resume() {
        long now = System.nanoTime();
        totalFromNanos += now - pausedAtNanos;
        timeouts.total().add(total, totalFromNanos);
        if (read != null) {
            lastReadNanos = now;
            timeouts.read().add(read, now);
        }
    }

    long totalLengthNanos() {
        return timeouts.total().lengthNanos();
    }

    long firstByteLengthNanos() {
        return timeouts.firstByte().lengthNanos();
    }

    long readLengthNanos() {
        return timeouts.read().lengthNanos();
    }
}
