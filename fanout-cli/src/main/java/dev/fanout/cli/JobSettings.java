package dev.fanout.cli;

import dev.fanout.internal.Digest;
import dev.fanout.internal.UserInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What identifies a {@code --job}'s command: its arguments without those that only steer this run (the job
 * options, progress, quiet) — and without secrets, since the job file keeps it: a literal header value is
 * kept as a digest (the same value gives the same digest, so the command still matches), URL credentials as
 * {@code ***}. {@code @file} and {@code ${ENV}} references are kept as written.
 */
final class JobSettings {
    private static final Set<String> RUN_ONLY_FLAGS = Set.of("--force", "--retry-failed", "-q", "--quiet", "--progress", "--no-progress");
    private static final Set<String> RUN_ONLY_WITH_VALUE = Set.of("--job");
    private static final Set<String> HEADER = Set.of("-H", "--header");
    private static final Set<String> COOKIE = Set.of("-b", "--cookie");

    private JobSettings() {
    }

    static String of(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (RUN_ONLY_FLAGS.contains(a)) {
                continue;
            }
            if (RUN_ONLY_WITH_VALUE.contains(a)) {
                i++;
                continue;
            }
            if (a.startsWith("--job=")) {
                continue;
            }
            if (HEADER.contains(a) && i + 1 < args.size()) {
                kept.add(a);
                kept.add(header(args.get(++i)));
            } else if (COOKIE.contains(a) && i + 1 < args.size()) {
                kept.add(a);
                kept.add(cookie(args.get(++i)));
            } else if (a.startsWith("--cookie=")) {
                kept.add("--cookie=" + cookie(a.substring("--cookie=".length())));
            } else if (a.startsWith("--header=")) {
                kept.add("--header=" + header(a.substring("--header=".length())));
            } else {
                kept.add(UserInfo.redact(a));
            }
        }
        return "fanout get " + String.join(" ", kept.stream().map(JobSettings::quote).toList());
    }

    private static String header(String h) {
        int colon = h.indexOf(':');
        if (colon < 0) {
            return h;
        }
        String value = h.substring(colon + 1).strip();
        if (value.startsWith("@") || (value.startsWith("${") && value.endsWith("}"))) {
            return h;
        }
        return h.substring(0, colon) + ": sha256:" + Digest.of(value);
    }

    /** Cookie data ({@code n=v; …}) as a digest; a jar file's name as it is. */
    private static String cookie(String c) {
        return c.indexOf('=') < 0 ? c : "sha256:" + Digest.of(c.strip());
    }

    private static String quote(String a) {
        return a.isEmpty() || a.chars().anyMatch(c -> " '\"\\$`*?".indexOf(c) >= 0) ? "'" + a.replace("'", "'\\''") + "'" : a;
    }
}
