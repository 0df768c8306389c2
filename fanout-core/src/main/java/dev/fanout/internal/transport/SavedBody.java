package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A response body written to a file as it arrives, so that saving a body never holds it in memory. The file
 * has a temporary name in the save directory ({@code .fanout-…part}); whoever records the outcome gives it its
 * own name. On the exchange's event loop: the writes go to the page cache, in pieces of at most one read.
 */
final class SavedBody {
    private final Path file;
    private final FileChannel channel;
    private long written;

    private SavedBody(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static SavedBody open(Path dir) throws IOException {
        // not Files.createTempFile: its 0600 would make saved bodies unlike other files the user writes
        for (int tries = 0; ; tries++) {
            Path file = dir.resolve(".fanout-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return new SavedBody(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (tries > 100) {
                    throw e;
                }
            }
        }
    }

    Path file() {
        return file;
    }

    void write(ByteBuf content) throws IOException {
        int at = content.readerIndex();
        int left = content.readableBytes();
        while (left > 0) {
            int n = content.getBytes(at, channel, written, left);
            at += n;
            left -= n;
            written += n;
        }
    }

    /** Closes the file, complete; returns it. */
    Path finish() throws IOException {
        channel.close();
        return file;
    }

    /** Closes and deletes the file: the attempt did not end with this body. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temporary file in the save directory
        }
    }
}
