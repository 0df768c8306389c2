package dev.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * curl's (and Netscape's) cookie file: one cookie a line, seven tab-separated fields — domain, whether
 * subdomains are included ({@code TRUE}: a Domain cookie, written with a leading dot), path, secure, expiry
 * (Unix seconds, 0 for a session cookie), name, value. A domain starting {@code #HttpOnly_} marks an HttpOnly
 * cookie; other lines starting {@code #} and blank lines are comments.
 */
final class NetscapeCookies {
    private static final String HTTP_ONLY = "#HttpOnly_";

    private NetscapeCookies() {
    }

    /** The cookies in {@code file}; none when it does not exist. */
    static List<Cookie> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Cookie> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean httpOnly = line.startsWith(HTTP_ONLY);
            if (httpOnly) {
                line = line.substring(HTTP_ONLY.length());
            } else if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7 && f.length != 6) {
                throw new IOException(file + " line " + (i + 1) + ": not a cookie line (7 tab-separated fields: domain,"
                        + " subdomains, path, secure, expiry, name, value)");
            }
            long expires;
            try {
                expires = Long.parseLong(f[4].strip());
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": the expiry '" + f[4] + "' is not a number of seconds");
            }
            String domain = f[0].strip().toLowerCase(Locale.ROOT);
            boolean sub = f[1].strip().equalsIgnoreCase("TRUE");
            while (domain.startsWith(".")) {
                domain = domain.substring(1);
                sub = true;
            }
            String path = f[2].isEmpty() ? "/" : f[2];
            out.add(new Cookie(f[5], f.length == 7 ? f[6] : "", domain, !sub, path, f[3].strip().equalsIgnoreCase("TRUE"),
                    httpOnly, expires <= 0 ? 0 : Math.multiplyExact(expires, 1000L)));
        }
        return out;
    }

    /** Writes {@code cookies} to {@code file}: a new file beside it (mode 0600), then moved over it atomically. */
    static void write(Path file, List<Cookie> cookies) throws IOException {
        StringBuilder s = new StringBuilder("# Netscape HTTP Cookie File\n# Written by fanout; the format curl reads and writes.\n\n");
        for (Cookie c : cookies) {
            s.append(c.httpOnly() ? HTTP_ONLY : "").append(c.hostOnly() ? "" : ".").append(c.domain()).append('\t')
                    .append(c.hostOnly() ? "FALSE" : "TRUE").append('\t').append(c.path()).append('\t')
                    .append(c.secure() ? "TRUE" : "FALSE").append('\t').append(c.expiresMillis() / 1000).append('\t')
                    .append(c.name()).append('\t').append(c.value()).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + file + ": " + tmp + " appeared meanwhile", e);
        }
        try {
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
