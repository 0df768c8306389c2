package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A flush that fails half-way (the disk fills after part of the buffer was written) must not be followed by one
 * that writes the whole buffer again once there is room: the file would hold part of a record twice.
 */
class WriteGuardTest {
    /** A file that takes {@code room} more bytes, then fails as a full disk does, until room is made. */
    private static final class FillingFile extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int room;

        FillingFile(int room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = Math.min(len, room);
            written.write(b, off, n);
            room -= n;
            if (n < len) {
                throw new IOException("No space left on device");
            }
        }
    }

    @Test
    void unguardedABufferWritesItsBytesAgainAfterAFailedFlush() throws IOException {
        FillingFile file = new FillingFile(10);
        BufferedOutputStream out = new BufferedOutputStream(file, 64);
        out.write("record one\nrecord two\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(out::flush).hasMessage("No space left on device");
        file.room = 1000; // space was freed
        out.flush();
        // the hazard the guard exists for: the first 10 bytes are in the file twice
        assertThat(file.written.toString(StandardCharsets.UTF_8)).isEqualTo("record onerecord one\nrecord two\n");
    }

    @Test
    void guardedTheFirstErrorStandsAndNothingIsWrittenAgain() throws IOException {
        FillingFile file = new FillingFile(10);
        List<IOException> reported = new ArrayList<>();
        BufferedOutputStream out = new BufferedOutputStream(new WriteGuard(file, reported::add, true), 64);
        out.write("record one\nrecord two\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(out::flush).hasMessage("No space left on device");
        file.room = 1000;
        assertThatThrownBy(out::flush).hasMessage("No space left on device");
        out.write('x');
        assertThatThrownBy(out::flush).hasMessage("No space left on device");
        assertThatThrownBy(out::close).hasMessage("No space left on device");
        assertThat(file.written.toString(StandardCharsets.UTF_8)).isEqualTo("record one");
        assertThat(reported).hasSize(1);
    }
}
