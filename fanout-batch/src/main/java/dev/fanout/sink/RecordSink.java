package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;

import java.io.IOException;

/**
 * Writes one record per outcome. Called from one thread at a time; {@link #close()} flushes and closes the
 * underlying stream (unless it is standard output, which is only flushed).
 */
public interface RecordSink extends AutoCloseable {

    /** Writes a record with no extracted fields. */
    default void write(Outcome outcome) throws IOException {
        write(outcome, null);
    }

    /** Writes a record; {@code extraction} is null when nothing was extracted (every field then null). */
    default void write(Outcome outcome, Extraction extraction) throws IOException {
        write(outcome, extraction, null);
    }

    /** Writes a record; {@code savedFile} is where the body was saved, or null. */
    void write(Outcome outcome, Extraction extraction, String savedFile) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
