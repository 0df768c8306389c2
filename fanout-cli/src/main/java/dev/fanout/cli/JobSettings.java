package dev.fanout.cli;

import dev.fanout.internal.Digest;
import dev.fanout.Redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What identifies a {@code --job}'s command: its arguments without those that only steer this run (the job
 * options, progress, quiet) — and without secrets, since the job file keeps it: a literal header value is
 * kept as a digest (the same value gives the same digest, so the command still matches), and so is a literal
 * {@code -d} body; URL credentials (user-info and credential query values, {@link Redaction}) as {@code ***}. {@code @file} and {@code ${ENV}} references are kept as written.
 */
final class JobSettings {
    private static final Set<String> RUN_ONLY_FLAGS = Set.of("--force", "--retry-failed", "-q", "--quiet", "--progress", "--no-progress");
    private static final Set<String> RUN_ONLY_WITH_VALUE = Set.of("--job");
    private static final Set<String> HEADER = Set.of("-H", "--header");
    private static final Set<String> DATA = Set.of("-d", "--data");

    private JobSettings() {
    }

    static String of(List<String> args) {
        return of(args, Redaction.DEFAULT);
    }

    /** The command, URLs masked by {@code redaction} and a literal {@code -d} body kept only as a digest. */
    static String of(List<String> args, Redaction redaction) {
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
            } else if (a.startsWith("--header=")) {
                kept.add("--header=" + header(a.substring("--header=".length())));
            } else if (DATA.contains(a) && i + 1 < args.size()) {
                kept.add(a);
                kept.add(data(args.get(++i)));
            } else if (a.startsWith("--data=")) {
                kept.add("--data=" + data(a.substring("--data=".length())));
            } else {
                kept.add(redaction.url(a));
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

    /** A body given on the command line may hold a secret: kept as a digest (a @file reference as written). */
    private static String data(String body) {
        return body.startsWith("@") && !body.startsWith("@@") ? body : "sha256:" + Digest.of(body);
    }

    private static String quote(String a) {
        return a.isEmpty() || a.chars().anyMatch(c -> " '\"\\$`*?".indexOf(c) >= 0) ? "'" + a.replace("'", "'\\''") + "'" : a;
    }
}
