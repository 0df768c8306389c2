package dev.fanout.cli;

import dev.fanout.sink.Format;

import java.util.Locale;

/**
 * The record format of a run: {@code --format}, else the {@code -o} file's extension, else JSON lines. An
 * extension that names no format fanout writes is refused rather than silently given JSON lines.
 */
final class OutputFormats {
    private OutputFormats() {
    }

    static Format choose(String format, String output) {
        if (format != null) {
            try {
                return Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format: " + e.getMessage());
            }
        }
        if (output == null || output.equals("-")) {
            return Format.JSONL;
        }
        Format byName = Format.fromFileName(output);
        if (byName != null) {
            return byName;
        }
        String name = output.substring(output.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return Format.JSONL; // no extension (out, /dev/stdout): JSON lines, as documented
        }
        String ext = name.substring(dot).toLowerCase(Locale.ROOT);
        String stem = output.substring(0, output.length() - ext.length());
        if (ext.equals(".json")) {
            throw new IllegalArgumentException("-o " + output + ": fanout writes one JSON object per line (JSON lines), "
                    + "not one JSON document; name the file " + stem + ".jsonl, or add --format jsonl to keep the name");
        }
        throw new IllegalArgumentException("-o " + output + ": '" + ext + "' names no format fanout writes; name the file "
                + ".jsonl, .csv, .tsv or .sqlite, or give --format jsonl|csv|tsv|sqlite");
    }
}
