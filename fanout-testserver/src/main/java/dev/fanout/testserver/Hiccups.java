package dev.fanout.testserver;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the time a loaded machine did not give this process (as jHiccup does): a thread asks to sleep 1 ms
 * at a time and adds up how much longer each sleep took than asked, beyond a millisecond of normal jitter. A
 * test that bounds how long something may take allows the bound plus this, so that the bound is as strict as
 * written on an idle machine and a shared, busy one cannot fail it; this measures the machine, it waits for
 * nothing.
 */
public final class Hiccups implements AutoCloseable {
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long JITTER = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong stolen = new AtomicLong();
    private final Thread meter;
    private volatile boolean running = true;

    private Hiccups() {
        meter = new Thread(this::measure, "hiccup-meter");
        meter.setDaemon(true);
    }

    /** Starts measuring. */
    public static Hiccups start() {
        Hiccups h = new Hiccups();
        h.meter.start();
        return h;
    }

    private void measure() {
        long last = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long late = now - last - TICK - JITTER;
            if (late > 0) {
                stolen.addAndGet(late);
            }
            last = now;
        }
    }

    /** Time stolen from this process so far, in milliseconds. */
    public double stolenMillis() {
        return stolen.get() / 1e6;
    }

    /** Time stolen so far, in seconds. */
    public double stolenSeconds() {
        return stolen.get() / 1e9;
    }

    @Override
    public void close() {
        running = false;
        meter.interrupt();
        try {
            meter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
