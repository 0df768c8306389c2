package dev.fanout.cli;


import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Why and when a {@code get} run stops before its inputs are done: Ctrl-C (SIGINT), SIGTERM, its standard output
 * closed by the reader ({@code | head}), or its output failing (disk full, file-size limit).
 *
 * <p>On the first of these the run stops sending: the inputs are cut off ({@link #guard}) and the client is
 * closed, so requests in flight end at once as {@code cancelled}. The run then writes the responses that had
 * arrived, skips the outcomes the stop cut short (with {@code --job} they stay pending and run again), commits
 * and exits with {@link Cause#exitCode}. A second SIGINT or SIGTERM ends the process at once: a job is safe
 * against that, as against {@code kill -9}.
 *
 * <p>Signals are taken from the JVM's own handling (which would run shutdown hooks and exit) only while the run
 * goes on; a signal the parent ignored (a {@code nohup} run) stays ignored.
 */
final class RunStop {
    /** What stopped the run, with the exit code it ends with. */
    enum Cause {
        INTERRUPTED(ExitCode.INTERRUPTED, "interrupted (Ctrl-C)"),
        TERMINATED(ExitCode.TERMINATED, "terminated (SIGTERM)"),
        OUTPUT_CLOSED(ExitCode.OUTPUT_CLOSED, "standard output was closed"),
        WRITE_FAILED(ExitCode.IO_ERROR, "writing the output failed");

        final int exitCode;
        final String description;

        Cause(int exitCode, String description) {
            this.exitCode = exitCode;
            this.description = description;
        }
    }

    private final java.io.PrintStream err;
    private final AtomicInteger signals = new AtomicInteger();
    private final List<Runnable> actions = new ArrayList<>();
    /** What gives each signal back to its previous handler (sun.misc types stay inside method bodies, off the API). */
    private final List<Runnable> restore = new ArrayList<>();
    private volatile Cause cause;
    private volatile IOException writeError;

    /** @param err where a signal is acknowledged at once (the summary comes when the run has stopped) */
    RunStop(java.io.PrintStream err) {
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM until {@link #uninstall}. */
    void install() {
        handle("INT", Cause.INTERRUPTED);
        handle("TERM", Cause.TERMINATED);
    }

    private void handle(String name, Cause c) {
        try {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> signalled(c));
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                sun.misc.Signal.handle(signal, sun.misc.SignalHandler.SIG_IGN); // ignored by whoever started us: keep it so
            } else {
                restore.add(() -> sun.misc.Signal.handle(signal, previous));
            }
        } catch (IllegalArgumentException e) {
            // the platform has no such signal, or the JVM keeps it (-Xrs): the default behaviour stays
        }
    }

    /** Gives the signals back to the JVM's handling. */
    void uninstall() {
        restore.forEach(Runnable::run);
        restore.clear();
    }

    private void signalled(Cause c) {
        if (signals.incrementAndGet() > 1) {
            // the second signal: end now, whatever is being written (a job is crash-safe)
            Runtime.getRuntime().halt(c.exitCode);
        }
        err.println("\nfanout: " + c.description + ": stopping; " + (c == Cause.INTERRUPTED ? "Ctrl-C again" : "a second signal")
                + " ends at once");
        stop(c);
    }

    /** Runs {@code action} when the run stops, on a thread of its own (the stopping thread may hold the output's lock). */
    synchronized void onStop(Runnable action) {
        actions.add(action);
        if (cause != null) {
            async(List.of(action)); // stopped already
        }
    }

    private static void async(List<Runnable> todo) {
        Thread t = new Thread(() -> todo.forEach(Runnable::run), "fanout-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Stops the run for {@code c}; later stops are ignored (the first cause is the one reported). */
    void stop(Cause c) {
        List<Runnable> todo;
        synchronized (this) {
            if (cause != null) {
                return;
            }
            cause = c;
            todo = List.copyOf(actions);
        }
        async(todo);
    }

    /** The output failed: a closed pipe stops the run quietly, any other error stops it as a failure. */
    synchronized void writeFailed(IOException e) {
        if (writeError == null) {
            writeError = e;
        }
        stop(isBrokenPipe(e) ? Cause.OUTPUT_CLOSED : Cause.WRITE_FAILED);
    }

    static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("EPIPE"));
    }

    /** The first write error, or null. */
    IOException writeError() {
        return writeError;
    }

    boolean stopped() {
        return cause != null;
    }

    /** The cause, or null while the run goes on. */
    Cause cause() {
        return cause;
    }

    /**
     * The rows as the writing thread reads them, which a stop can end even where the stream would wait for ever: its
     * end comes only once the inputs say they have no more, and an input blocked reading standard input (a producer
     * that is still alive) never says so. After a stop the client is closed, so every outcome still to come is
     * already queued; a read that has waited {@value #DRAIN_IDLE_MS} ms after the stop gets nothing more, and is cut
     * short. Only a thread waiting for a row is interrupted, never one writing (which would close the output).
     */
    <T> Drain<T> drain(Iterator<T> rows) {
        Drain<T> d = new Drain<>(rows);
        onStop(d::watch);
        return d;
    }

    static final long DRAIN_IDLE_MS = 500;

    /** See {@link #drain}; close it when the writing ends, however it ends. */
    static final class Drain<T> implements Iterator<T>, AutoCloseable {
        private static final int IDLE = 0;
        private static final int WAITING = 1;
        private static final int CUT = 2;
        private final Iterator<T> rows;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private volatile long waitingSince;
        private volatile Thread reader;
        private volatile boolean ended;

        Drain(Iterator<T> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            if (ended) {
                return false;
            }
            reader = Thread.currentThread();
            waitingSince = System.nanoTime();
            state.set(WAITING);
            boolean has;
            try {
                has = rows.hasNext();
            } catch (RuntimeException e) {
                if (state.compareAndSet(WAITING, IDLE)) {
                    throw e;
                }
                has = false; // the wait was cut short
            }
            if (!state.compareAndSet(WAITING, IDLE)) {
                Thread.interrupted(); // the cut's interrupt must not reach the writes and commit that follow
                ended = true;
                return false;
            }
            if (!has) {
                ended = true;
            }
            return has;
        }

        @Override
        public T next() {
            if (ended) {
                throw new NoSuchElementException();
            }
            return rows.next();
        }

        @Override
        public void close() {
            ended = true;
        }

        /** After the stop (the client is closed by then), on the stop's thread: cuts a read that waits for nothing. */
        void watch() {
            long stoppedAt = System.nanoTime();
            while (!ended) {
                long since = Math.max(stoppedAt, waitingSince);
                if (state.get() == WAITING && System.nanoTime() - since > DRAIN_IDLE_MS * 1_000_000
                        && state.compareAndSet(WAITING, CUT)) {
                    reader.interrupt();
                    return;
                }
                try {
                    Thread.sleep(50); // a watchdog: nothing to wait on, since what it watches for is an absence
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The inputs, cut off once the run stops. */
    <T> Iterator<T> guard(Iterator<T> inputs) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cause == null && inputs.hasNext();
            }

            @Override
            public T next() {
                return inputs.next(); // after a hasNext() that said yes, even if the stop came in between
            }
        };
    }
}
