package dev.fanout.sink;

import dev.fanout.Outcome;

import java.io.IOException;

/**
 * Writes one record per outcome. Called from one thread at a time; {@link #close()} flushes and closes the
 * underlying stream (unless it is standard output, which is only flushed).
 */
public interface RecordSink extends AutoCloseable {

    void write(Outcome outcome) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
