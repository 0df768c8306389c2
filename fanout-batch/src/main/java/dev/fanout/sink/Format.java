package dev.fanout.sink;

import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/** Record formats, chosen by {@code --format} or by the output file's extension. */
public enum Format {
    JSONL, CSV,
    /** CSV's columns and quoting with a tab between cells (Python's {@code excel-tab} dialect). */
    TSV,
    /** A table in a SQLite file ({@link SqliteSink}); written to a file, never to a stream. */
    SQLITE;

    /**
     * The format a file name implies, or null when its extension names none ({@code .json} names none: one JSON
     * document is not what is written, JSON lines are).
     */
    public static Format fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".tsv") || n.endsWith(".tab")) {
            return TSV;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return JSONL;
        }
        if (n.endsWith(".sqlite") || n.endsWith(".sqlite3") || n.endsWith(".db")) {
            return SQLITE;
        }
        return null;
    }

    public static Format parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson", "json" -> JSONL;
            case "csv" -> CSV;
            case "tsv" -> TSV;
            case "sqlite", "sqlite3" -> SQLITE;
            default -> throw new IllegalArgumentException("unknown format '" + s + "': use jsonl, csv, tsv or sqlite");
        };
    }

    /** A sink of this format writing to {@code out}. */
    public RecordSink open(OutputStream out, List<String> paramNames, boolean includeBody) {
        return open(out, RecordShape.plain(paramNames, includeBody));
    }

    /** A sink of this format writing records of {@code shape} to {@code out}. */
    public RecordSink open(OutputStream out, RecordShape shape) {
        return open(out, shape, true);
    }

    /** The same; {@code header} false continues a file that has its CSV header already. */
    public RecordSink open(OutputStream out, RecordShape shape, boolean header) {
        return switch (this) {
            case JSONL -> new JsonLinesSink(out, shape);
            case CSV -> new CsvSink(out, shape, header, ',');
            case TSV -> new CsvSink(out, shape, header, '\t');
            case SQLITE -> throw new IllegalStateException("SQLite records go to a file: use SqliteSink");
        };
    }
}
