package dev.fanout.cli;

import dev.fanout.CookieJar;
import dev.fanout.client.Fanout;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cookie options of {@code fanout get}, as curl's: {@code -b 'n=v; n2=v2'} sends those cookies with every
 * request ({@code -b FILE} reads a jar file instead, without writing it); {@code --cookie-jar FILE} loads a
 * Netscape-format jar at the start, keeps every {@code Set-Cookie} for the run and writes the jar back at the end
 * (atomically, mode 0600). Cookie values are never printed.
 */
final class CookieOptions {
    private final List<String> cookies;
    private final String jarFile;
    private CookieJar jar;

    /** The cookie options given in {@code r}. */
    CookieOptions(ParseResult r) {
        cookies = GetOptionTable.COOKIE.in(r);
        jarFile = GetOptionTable.COOKIE_JAR.in(r);
    }

    /** Sets the client's cookies; a file that cannot be read is an IllegalArgumentException naming it. */
    void apply(Fanout.Builder builder) {
        List<String> data = new ArrayList<>();
        List<Path> readOnly = new ArrayList<>();
        for (String c : cookies) {
            if (c.indexOf('=') >= 0) {
                data.add(c.strip());
            } else {
                readOnly.add(Path.of(c.strip()));
            }
        }
        if (!data.isEmpty()) {
            builder.defaultHeader("Cookie", String.join("; ", data));
        }
        if (jarFile == null && readOnly.isEmpty()) {
            return;
        }
        try {
            jar = jarFile == null ? CookieJar.empty() : CookieJar.load(Path.of(jarFile));
            for (Path p : readOnly) {
                CookieJar.load(p).cookies().forEach(jar::add);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cookie jar: " + e.getMessage());
        }
        builder.cookies(jar);
    }

    /**
     * Writes the jar back when {@code --cookie-jar} was given; says where on {@code say} (null when quiet).
     * Returns false (after saying why on {@code err}) when it cannot be written.
     */
    boolean save(PrintStream say, PrintStream err) {
        if (jarFile == null || jar == null) {
            return true;
        }
        try {
            jar.save(Path.of(jarFile));
        } catch (IOException e) {
            err.println("fanout: cannot write the cookie jar " + jarFile + ": " + e.getMessage());
            return false;
        }
        if (say != null) {
            int n = jar.cookies().size();
            say.println("  cookies: " + n + (n == 1 ? " cookie" : " cookies") + " kept in " + jarFile);
        }
        return true;
    }
}
