package dev.fanout.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow-control windows a new HTTP/2 connection offers: wide enough per stream, and for the connection as a
 * whole wide enough for every stream the server allows, so that one stream's unread body holds no other back.
 */
class Http2WindowsTest {
    @Test
    void aNewConnectionOffersEachStreamAWideWindowAndTheConnectionRoomForAllOfThem() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        Pipelines.http2(ch, new Http2Connection(ch, new OriginPool()));
        ch.runPendingTasks(); // flushes are batched per event-loop tick

        Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
        var connection = codec.connection();
        assertThat(connection.local().flowController().windowSize(connection.connectionStream()))
                .as("our connection window").isEqualTo(Pipelines.CONNECTION_WINDOW);

        ByteBuf sent = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            sent.writeBytes(b);
            b.release();
        }
        assertThat(sent.readSlice(Http2CodecUtil.connectionPrefaceBuf().readableBytes()))
                .isEqualTo(Http2CodecUtil.connectionPrefaceBuf());
        List<Http2Settings> settings = new ArrayList<>();
        List<Integer> windowUpdates = new ArrayList<>();
        try (DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader()) {
            reader.readFrame(null, sent, new Http2FrameAdapter() {
                @Override
                public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings s) {
                    settings.add(s);
                }

                @Override
                public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int increment) {
                    assertThat(streamId).as("the connection's stream").isZero();
                    windowUpdates.add(increment);
                }
            });
        }
        sent.release();
        assertThat(settings).singleElement().satisfies(s -> {
            assertThat(s.initialWindowSize()).isEqualTo(Pipelines.STREAM_WINDOW);
            assertThat(s.pushEnabled()).isFalse();
        });
        assertThat(windowUpdates.stream().mapToInt(Integer::intValue).sum()).as("the server is told of the whole window")
                .isEqualTo(Pipelines.CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
        assertThat(Pipelines.CONNECTION_WINDOW).as("room for 128 streams' windows").isGreaterThanOrEqualTo(128 * Pipelines.STREAM_WINDOW);
        ch.finishAndReleaseAll();
    }
}
