package dev.fanout.cli;

import io.netty.util.internal.logging.InternalLogger;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Netty's log on the command line: warnings and errors as one line each on standard error, nothing else. */
class NettyLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final InternalLogger log = new NettyLog(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .newInstance("io.netty.channel.DefaultChannelPipeline");

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWarningIsOneLineNamingWhereItCameFromWithItsPlaceholdersFilled() {
        log.warn("closed {} of {} connections", 3, 64);
        assertThat(printed()).isEqualTo(
                "fanout: warning from io.netty.channel.DefaultChannelPipeline: closed 3 of 64 connections" + System.lineSeparator());
    }

    @Test
    void anErrorNamesItsCauseOnTheSameLine() {
        log.error("failed to close a channel", new IOException("Broken pipe"));
        log.error("{} failed", "flush", new IOException("Connection reset"));
        assertThat(printed().lines()).containsExactly(
                "fanout: error from io.netty.channel.DefaultChannelPipeline: failed to close a channel: java.io.IOException: Broken pipe",
                "fanout: error from io.netty.channel.DefaultChannelPipeline: flush failed: java.io.IOException: Connection reset");
    }

    @Test
    void traceDebugAndInfoGoNowhere() {
        log.trace("t {}", 1);
        log.debug("d {} {}", 1, 2);
        log.info("i", new IOException("x"));
        log.debug("-Dio.netty.allocator.type: {}", "unpooled");
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
        assertThat(printed()).isEmpty();
    }

    @Test
    void placeholdersBeyondTheArgumentsStayAsWritten() {
        assertThat(NettyLog.format("a {} b {}", "x")).isEqualTo("a x b {}");
        assertThat(NettyLog.format("no placeholders", "extra")).isEqualTo("no placeholders");
    }
}
