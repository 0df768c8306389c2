package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.RetryPolicy;
import io.netty.channel.ChannelException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the transport makes of errors that are not the server's: no socket to be had, no memory left. */
class FailureClassifierTest {
    @Test
    void noSocketForWantOfFileDescriptorsIsALocalLimitThatIsSafeToRetry() {
        // what Netty's Bootstrap fails with when socket(2) returns EMFILE
        Throwable emfile = new ChannelException("Unable to create Channel from class class io.netty.channel.epoll.EpollSocketChannel",
                new IOException("newSocketStream(..) failed: Too many open files"));

        Failure f = FailureClassifier.classify(emfile, false);

        assertThat(f.kind()).isEqualTo(FailureKind.LOCAL_LIMIT);
        assertThat(f.message()).contains("open-file limit").contains("ulimit -n");
        assertThat(f.retrySafe()).isTrue();
        assertThat(RetryPolicy.DEFAULT.failures()).contains(FailureKind.LOCAL_LIMIT);
        assertThat(FailureClassifier.classify(new IOException("socket: Too many open files in system"), false).kind())
                .isEqualTo(FailureKind.LOCAL_LIMIT);
    }

    @Test
    void anOutOfMemoryErrorIsTooLargeNotInternal() {
        Failure f = FailureClassifier.classify(new io.netty.handler.codec.DecoderException(new OutOfMemoryError("Java heap space")), true);
        assertThat(f.kind()).isEqualTo(FailureKind.TOO_LARGE);
        assertThat(f.message()).contains("not enough memory").contains("--max-memory");
    }

    @Test
    void aRefusedConnectNamesTheAddressAsAUserWritesIt() {
        String epoll = "finishConnect(..) failed with error(-111): Connection refused: ";
        assertThat(FailureClassifier.classify(new java.net.ConnectException(epoll + "127.0.0.1/127.0.0.1:1"), false).message())
                .isEqualTo("connection refused: 127.0.0.1:1");
        assertThat(FailureClassifier.classify(new java.net.ConnectException(epoll + "localhost/127.0.0.1:9"), false).message())
                .isEqualTo("connection refused: localhost (127.0.0.1:9)");
        assertThat(FailureClassifier.classify(new java.net.ConnectException(epoll + "/10.0.0.1:80"), false).message())
                .isEqualTo("connection refused: 10.0.0.1:80");
        assertThat(FailureClassifier.classify(new java.net.ConnectException("Connection refused"), false).message())
                .isEqualTo("connection refused");
    }
}
