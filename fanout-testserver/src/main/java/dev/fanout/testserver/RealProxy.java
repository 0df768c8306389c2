package dev.fanout.testserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real proxy server from the system, run as a child of the test on a free loopback port and stopped on close:
 * tinyproxy (HTTP, CONNECT, Basic auth) or microsocks (SOCKS5, user/password). {@code ./test} installs both from
 * Debian when it can ({@code scripts/proxies.sh}); {@link #missing} says what is not there so that a test can skip
 * with that message. The proxy's log lines are kept ({@link #log()}): tinyproxy logs each request line,
 * microsocks each {@code connected to HOST:PORT}.
 */
public final class RealProxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private RealProxy(List<String> command, int port, String readyLine) throws IOException {
        this.port = port;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // it reads nothing from us
        CountDownLatch ready = new CountDownLatch(readyLine == null ? 0 : 1);
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                        log.notifyAll();
                    }
                    if (readyLine != null && line.contains(readyLine)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "real-proxy-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (readyLine != null && !ready.await(10, TimeUnit.SECONDS)) {
                throw new IOException(command.get(0) + " did not start: " + log);
            }
            awaitListening();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** What is missing to run real proxies ("tinyproxy and microsocks are not installed…"), or empty. */
    public static Optional<String> missing() {
        List<String> absent = new ArrayList<>();
        for (String tool : List.of("tinyproxy", "microsocks")) {
            if (find(tool) == null) {
                absent.add(tool);
            }
        }
        return absent.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", absent)
                + " not installed: run ./test as root (it installs Debian's tinyproxy and microsocks) or apt-get install them");
    }

    /** tinyproxy on loopback; with {@code user} not null, Basic auth is required. */
    public static RealProxy tinyproxy(Path dir, String user, String pass) throws IOException {
        int port = freePort();
        Path conf = dir.resolve("tinyproxy-" + port + ".conf");
        StringBuilder c = new StringBuilder()
                .append("Port ").append(port).append('\n')
                .append("Listen 127.0.0.1\n")
                .append("Timeout 30\n")
                .append("MaxClients 100\n")
                .append("LogLevel Info\n");
        if (user != null) {
            c.append("BasicAuth ").append(user).append(' ').append(pass).append('\n');
        }
        Files.writeString(conf, c);
        return new RealProxy(List.of(find("tinyproxy"), "-d", "-c", conf.toString()), port, "Accepting connections");
    }

    /** microsocks on loopback; with {@code user} not null, SOCKS5 user/password is required. */
    public static RealProxy microsocks(String user, String pass) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(find("microsocks"), "-i", "127.0.0.1", "-p", Integer.toString(port)));
        if (user != null) {
            cmd.addAll(List.of("-u", user, "-P", pass));
        }
        return new RealProxy(cmd, port, null);
    }

    public int port() {
        return port;
    }

    /** The proxy's output so far, a line each. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** Waits (at most 5 s) until a log line contains {@code text}: the proxy logs as it works, we read it after. */
    public boolean awaitLog(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (log) {
            while (log.stream().noneMatch(l -> l.contains(text))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    log.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port accepts connections (microsocks prints nothing when it starts). Bounded. */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException("proxy did not listen on 127.0.0.1:" + port + ": " + log, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String find(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
