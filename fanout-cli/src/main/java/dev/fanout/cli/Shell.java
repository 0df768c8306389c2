package dev.fanout.cli;

import java.util.List;

/** Commands written out for the user to copy: each word quoted for a POSIX shell when it needs it. */
final class Shell {
    private Shell() {
    }

    /** {@code a} as one shell word (braces stay bare: a URL template's {@code {id}} is not expanded by a shell). */
    static String quote(String a) {
        return a.isEmpty() || a.chars().anyMatch(c -> " '\"\\$`*?&|;<>()[]#~!\t\n".indexOf(c) >= 0)
                ? "'" + a.replace("'", "'\\''") + "'" : a;
    }

    /** {@code program get ARGS…} as a command line. */
    static String command(String program, List<String> args) {
        StringBuilder b = new StringBuilder(program).append(" get");
        for (String a : args) {
            b.append(' ').append(quote(a));
        }
        return b.toString();
    }
}
