package dev.fanout.cli;

import dev.fanout.cli.report.Fmt;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many requests the process's open-file limit leaves room for. Each request in flight holds a socket (and,
 * with {@code --save-dir}, a file); the JVM has already raised the soft limit to the hard one at start (HotSpot
 * does on Linux, {@code -XX:+MaxFDLimit}), so what is left is the hard limit, less the files open now and a
 * margin for those the run opens later (output, job database, event loops, DNS). Read from {@code /proc}; where
 * there is none, nothing is known and nothing is capped.
 */
final class OpenFiles {
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    /** The soft limit on open files, or -1 when it cannot be read. */
    static long limit() {
        try {
            List<String> lines = Files.readAllLines(LIMITS);
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return -1;
    }

    /** Files open now, or 0 when that cannot be read. */
    static long open() {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path ignored : fds) {
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return n;
    }

    /** Files kept for everything but requests: a twentieth of the limit, at least 64. */
    static long margin(long limit) {
        return Math.max(64, limit / 20);
    }

    /**
     * {@code c}, or less when the open-file limit cannot hold that many sockets (and, saving bodies, files) at
     * once: then one line on {@code err} says so, before any request, rather than requests failing for want of
     * a socket.
     */
    static int cap(int c, boolean savingBodies, PrintStream err) {
        if (c <= 64) {
            return c; // every limit in use leaves room for this many
        }
        long limit = limit();
        if (limit < 0 || limit == Long.MAX_VALUE) {
            return c;
        }
        int perRequest = savingBodies ? 2 : 1;
        int room = room(limit, open(), perRequest);
        if (c <= room) {
            return c;
        }
        err.println("fanout: warning: -c " + Fmt.count(c) + " needs up to " + Fmt.count((long) c * perRequest)
                + " open files" + (perRequest > 1 ? " (a socket and a saved body each)" : " (one socket each)")
                + " but the open-file limit is " + Fmt.count(limit) + " (ulimit -n, already raised to the hard limit);"
                + " running with -c " + Fmt.count(room) + " (raise the hard limit to run more at once)");
        return room;
    }

    /**
     * The most requests that fit at once under {@code limit} with {@code open} files open and {@code perRequest}
     * files per request; at least 1.
     */
    static int room(long limit, long open, int perRequest) {
        long left = limit - open - margin(limit);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / perRequest));
    }
}
