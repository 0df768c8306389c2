package dev.fanout.sink;

import dev.fanout.Outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Saves response bodies as files in one directory ({@code --save-dir}), each under a name derived from its
 * URL that cannot escape the directory: the URL is percent-decoded first (so {@code %2e%2e} is seen as
 * {@code ..}), then every character but letters, digits, {@code . _ -} becomes {@code _}, leading dots are
 * dropped, and the name is cut to 120 characters. The input's index leads the name
 * ({@code 000042_example.org_items_7.json}); a name that exists already — from an earlier run — gets
 * {@code -1}, {@code -2}… and is never overwritten. One thread at a time.
 */
public final class BodyFiles {
    private static final int MAX_NAME = 120;

    private final Path dir;
    private final dev.fanout.Redaction redaction;

    /** The directory (real path). */
    public Path directory() {
        return dir;
    }

    /** Creates the directory if needed. */
    public BodyFiles(Path dir) throws IOException {
        this(dir, dev.fanout.Redaction.DEFAULT);
    }

    /** The same, names made from URLs masked by {@code redaction} (no API key in a file name). */
    public BodyFiles(Path dir, dev.fanout.Redaction redaction) throws IOException {
        this.dir = Files.createDirectories(dir).toRealPath();
        this.redaction = redaction;
    }

    /**
     * Writes the outcome's body — or, when the client saved it as it arrived ({@link Outcome#bodyFile()}), moves
     * that file to its name; returns the file, or null when there was no response.
     */
    public Path save(Outcome o) throws IOException {
        if (!o.hasResponse()) {
            return null;
        }
        String base = safeName(o.index(), redaction.url(o.request().url()));
        if (o.bodyFile() != null) {
            return move(o.bodyFile(), base);
        }
        for (int n = 0; ; n++) {
            Path file = dir.resolve(n == 0 ? base : withSuffix(base, n));
            if (!file.normalize().startsWith(dir) || !file.getParent().equals(dir)) {
                throw new IOException("refusing to write outside " + dir + ": " + file); // cannot happen: names hold no separators
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(o.body());
                return file;
            } catch (FileAlreadyExistsException e) {
                // an earlier run's file: keep it, try the next suffix
            }
        }
    }

    private Path move(Path part, String base) throws IOException {
        for (int n = 0; ; n++) {
            Path file = inside(n == 0 ? base : withSuffix(base, n));
            try {
                // not ATOMIC_MOVE: on Linux that is rename(2), which would replace an earlier run's file
                return Files.move(part, file);
            } catch (FileAlreadyExistsException e) {
                // an earlier run's file: keep it, try the next suffix
            }
            if (n > 10_000) {
                throw new IOException("no free name for " + base + " in " + dir);
            }
        }
    }

    private Path inside(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!file.normalize().startsWith(dir) || !file.getParent().equals(dir)) {
            throw new IOException("refusing to write outside " + dir + ": " + file); // cannot happen: names hold no separators
        }
        return file;
    }

    /** Whether {@code failure} is a failure to save a body (a local I/O error, not the server's). */
    public static boolean isSaveFailure(dev.fanout.Failure failure) {
        return failure != null && failure.isSaveFailure();
    }

    /** The file name for the body of input {@code index} fetched from {@code url}. */
    public static String safeName(long index, String url) {
        String rest = url;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) {
            rest = rest.substring(at + 1); // never put credentials in a file name
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = rest;
        }
        StringBuilder sb = new StringBuilder(decoded.length());
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            sb.append(ok ? c : '_');
        }
        String name = sb.toString().replaceAll("_+", "_").replaceAll("\\.{2,}", ".");
        name = name.replaceAll("^[._]+", "").replaceAll("[._]+$", "");
        if (name.isEmpty()) {
            name = "body";
        }
        String prefix = String.format("%06d_", index);
        if (prefix.length() + name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME - prefix.length());
        }
        return prefix + name;
    }

    private static String withSuffix(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot > 7 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
    }
}
