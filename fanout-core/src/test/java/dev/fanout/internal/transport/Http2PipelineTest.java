package dev.fanout.internal.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow-control windows a new HTTP/2 connection offers: wide enough per stream, and for the connection as a
 * whole wide enough for every stream the server allows, so that one stream's unread body holds no other back;
 * and the requests of several streams written in one event-loop tick leaving in one flush.
 */
class Http2PipelineTest {
    @Test
    void aNewConnectionOffersEachStreamAWideWindowAndTheConnectionRoomForAllOfThem() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http2Connection h2 = Pipelines.http2(ch, new OriginPool(), 1 << 20);
        ch.runPendingTasks(); // flushes are batched per event-loop tick

        var connection = h2.connection();
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

    @Test
    void requestsWrittenByStreamsInOneTickLeaveInOneFlush() throws Exception {
        // a real event loop: an EmbeddedChannel runs the pending flush task at every write
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            LocalAddress address = new LocalAddress("h2-flushes");
            Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                        }
                    }).bind(address).sync().channel();
            AtomicInteger flushes = new AtomicInteger();
            Channel ch = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) { // where TLS would be
                    flushes.incrementAndGet();
                    ctx.flush();
                }
            }).connect(address).sync().channel();
            Http2Connection h2 = ch.eventLoop().submit(() -> Pipelines.http2(ch, new OriginPool(), 1 << 20)).sync().getNow();
            int before = ch.eventLoop().submit(flushes::get).sync().getNow();

            List<ChannelFuture> written = new ArrayList<>();
            ch.eventLoop().submit(() -> {
                for (int i = 0; i < 3; i++) {
                    assertThat(h2.tryReserve()).isTrue();
                    Http2Headers h = new DefaultHttp2Headers().method("GET").scheme("https").authority("127.0.0.1").path("/");
                    written.add(h2.open(h2.newStream(), h, null));
                }
            }).sync();
            int after = ch.eventLoop().submit(flushes::get).sync().getNow(); // the flush task was queued before this

            assertThat(after - before).as("flushes that reached the socket for three streams' requests").isEqualTo(1);
            for (ChannelFuture f : written) {
                assertThat(f.sync().isSuccess()).as("each stream's HEADERS written").isTrue();
            }
            ch.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
