package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.internal.engine.Call;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;

import java.util.Map;

/**
 * One attempt of one call, from connection to last body byte. Every method runs on {@link #loop}, so the
 * state needs no locks; {@link #done} makes sure the call completes exactly once whichever of response,
 * error, close or timeout comes first.
 *
 * <p>A request that fails on a reused keep-alive connection before any response byte arrived is re-sent
 * once on a fresh connection when its method is idempotent: the server had most likely closed the idle
 * connection, and that race is not the request's fault.
 */
final class Exchange {
    private static final byte[] NO_BODY = new byte[0];
    private static final byte[] NOT_KEPT = new byte[0];

    private enum Phase { CONNECT, AWAIT_RESPONSE, BODY }

    private final NettyTransport transport;
    private final Call call;
    private final OriginPool pool;
    private final EventLoop loop;
    private final LoopTimeouts timeouts;
    private final Deadline total;
    private Deadline firstByte;
    private Deadline read;
    private long lastReadNanos;

    private Phase phase = Phase.CONNECT;
    private Channel channel;
    private ExchangeHandler handler;
    private long startNanos;
    private boolean reused;
    private boolean retriedStale;
    private boolean done;
    private boolean interim;
    /** On an HTTP/2 stream rather than a connection of its own. */
    private boolean multiplexed;

    private int status;
    private Headers headers = Headers.empty();
    private boolean keepAlive;
    private BodyBuffer body;
    private long bytes;

    Exchange(NettyTransport transport, Call call, OriginPool pool, EventLoop loop, LoopTimeouts timeouts) {
        this.transport = transport;
        this.call = call;
        this.pool = pool;
        this.loop = loop;
        this.timeouts = timeouts;
        this.total = new Deadline(this, Deadline.Kind.TOTAL);
    }

    void start(Channel idle) {
        startTimers();
        if (idle != null && idle.isActive()) {
            send(idle, true);
        } else {
            connect();
        }
    }

    /** Starts on a stream slot of {@code connection} reserved for this call; on the connection's loop. */
    void startOnStream(Http2Connection connection, boolean reusedConnection) {
        startTimers();
        openStream(connection, reusedConnection);
    }

    private void startTimers() {
        startNanos = System.nanoTime();
        timeouts.total().add(total, startNanos);
    }

    private void connect() {
        phase = Phase.CONNECT;
        boolean fresh = !transport.mayUseHttp2(call.target()) || !pool.hasShared();
        transport.connect(call, pool, loop).addListener((Future<Channel> f) -> {
            Channel ch = f.isSuccess() ? f.getNow() : null;
            Http2Connection h2 = ch == null ? null : Http2Connection.of(ch);
            if (done) {
                if (ch != null && h2 == null) {
                    ch.close(); // an HTTP/2 connection is shared: others use it
                }
                return;
            }
            if (f.isSuccess() && ch == null) {
                connect(); // the connection negotiated meanwhile speaks HTTP/1.1: one of our own, then
            } else if (h2 != null) {
                useShared(h2, !fresh);
            } else if (f.isSuccess()) {
                send(ch, false);
            } else {
                Failure failure = FailureClassifier.classify(f.cause(), false);
                if (failure.kind() == FailureKind.TIMEOUT) {
                    failure = Failure.beforeSend(FailureKind.TIMEOUT, "timeout (connect): not connected within "
                            + transport.config().connectTimeout().toMillis() + " ms");
                }
                fail(failure);
            }
        });
    }

    /** Takes a stream on a shared connection, here or on its loop; connects again if it has no room left. */
    private void useShared(Http2Connection h2, boolean reusedConnection) {
        if (!h2.tryReserve()) {
            connect();
        } else if (h2.channel().eventLoop() == loop) {
            openStream(h2, reusedConnection);
        } else {
            done = true; // this attempt goes on as a new exchange on the connection's loop
            clearTimers();
            transport.moveTo(call, pool, h2, reusedConnection);
        }
    }

    private void openStream(Http2Connection h2, boolean reusedConnection) {
        transport.openStream(h2, pool).addListener((Future<Http2StreamChannel> f) -> {
            if (!f.isSuccess()) {
                if (!done) {
                    reused = reusedConnection;
                    onError(f.cause());
                }
            } else if (done) {
                f.getNow().close();
            } else {
                send(f.getNow(), reusedConnection);
            }
        });
    }

    private void send(Channel ch, boolean reusedConnection) {
        channel = ch;
        multiplexed = ch instanceof Http2StreamChannel;
        reused = reusedConnection;
        handler = ch.pipeline().get(ExchangeHandler.class);
        handler.attach(this);
        phase = Phase.AWAIT_RESPONSE;
        armResponseTimers();
        ch.writeAndFlush(transport.encode(call.request(), call.target())).addListener(f -> {
            if (!f.isSuccess() && channel == ch) {
                onError(f.cause());
            }
        });
    }

    /** The first-byte and read-silence limits start when the request goes out (if they are set). */
    private void armResponseTimers() {
        TimeoutQueue fb = timeouts.firstByte();
        TimeoutQueue rd = timeouts.read();
        if (fb == null && rd == null) {
            return;
        }
        long now = System.nanoTime();
        if (fb != null) {
            if (firstByte == null) {
                firstByte = new Deadline(this, Deadline.Kind.FIRST_BYTE);
            }
            fb.add(firstByte, now);
        }
        if (rd != null) {
            if (read == null) {
                read = new Deadline(this, Deadline.Kind.READ);
            }
            lastReadNanos = now;
            rd.add(read, now);
        }
    }

    /** Bytes arrived: the read-silence clock restarts (lazily, see {@link TimeoutQueue}). */
    void onBytes() {
        if (read != null) {
            lastReadNanos = System.nanoTime();
        }
    }

    void onHead(HttpResponse response) {
        int code = response.status().code();
        if (firstByte != null) {
            timeouts.firstByte().remove(firstByte);
        }
        if (code >= 100 && code < 200 && code != 101) {
            interim = true; // e.g. 100 Continue: the real response follows
            return;
        }
        status = code;
        phase = Phase.BODY;
        keepAlive = HttpUtil.isKeepAlive(response);
        if (transport.config().keepBodies()) {
            Headers.Builder hb = Headers.builder(response.headers().size());
            for (Map.Entry<String, String> e : response.headers()) {
                hb.add(e.getKey(), e.getValue());
            }
            headers = hb.build();
        } else {
            // retries, host pauses, redirects and quota pacing need a few headers even when headers are not kept
            headers = KeptHeaders.of(response.headers(), code, transport.config().rateHeaders());
        }
        long length = HttpUtil.getContentLength(response, -1L);
        if (length > transport.config().maxBodyBytes()) {
            fail(new Failure(FailureKind.TOO_LARGE, "Content-Length " + length + " exceeds the body limit of "
                    + transport.config().maxBodyBytes() + " bytes", true));
            return;
        }
        if (transport.config().keepBodies()) {
            body = new BodyBuffer(length);
        }
    }

    void onContent(ByteBuf content) {
        if (interim) {
            return;
        }
        bytes += content.readableBytes();
        if (bytes > transport.config().maxBodyBytes()) {
            fail(new Failure(FailureKind.TOO_LARGE, "body exceeds the limit of " + transport.config().maxBodyBytes() + " bytes", true));
            return;
        }
        if (body != null) {
            body.append(content);
        }
    }

    void onLast() {
        if (interim) {
            interim = false;
            return;
        }
        if (done) {
            return;
        }
        done = true;
        clearTimers();
        handler.detach();
        if (multiplexed) {
            // the stream closes itself once the codec has handled its end (which follows this read); closing
            // it now would cancel it, and its slot would be given back before the codec counts it closed
            Channel stream = channel;
            loop.execute(stream::close);
        } else if (keepAlive && channel.isActive()) {
            transport.idle().release(pool, channel);
        } else {
            channel.close();
        }
        byte[] kept = body == null ? NOT_KEPT : body.toArray();
        transport.completed(call, new Outcome(call.request(), call.index(), status, headers, kept, bytes, null,
                System.nanoTime() - startNanos, 1, null));
    }

    private void clearTimers() {
        timeouts.total().remove(total);
        if (firstByte != null) {
            timeouts.firstByte().remove(firstByte);
        }
        if (read != null) {
            timeouts.read().remove(read);
        }
    }

    void onClosed() {
        if (done) {
            return;
        }
        if (transport.closing()) {
            fail(new Failure(FailureKind.CANCELLED, "the client was closed", phase != Phase.CONNECT));
        } else if (mayRetryStale()) {
            retryOnFreshConnection();
        } else if (phase == Phase.BODY) {
            fail(new Failure(FailureKind.RESET, "connection closed after " + bytes + " body bytes", true));
        } else {
            fail(new Failure(FailureKind.RESET, "connection closed before the response", true));
        }
    }

    void onError(Throwable cause) {
        if (done) {
            return;
        }
        Failure failure = FailureClassifier.classify(cause, phase != Phase.CONNECT);
        if (failure.kind() == FailureKind.RESET && mayRetryStale()) {
            retryOnFreshConnection();
        } else if (failure.kind() == FailureKind.RESET && phase != Phase.CONNECT) {
            String when = phase == Phase.BODY ? " after " + bytes + " body bytes" : " before the response";
            fail(new Failure(FailureKind.RESET, failure.message() + when, failure.requestSent()));
        } else {
            fail(failure);
        }
    }

    /** The HTTP/2 server reset this exchange's stream. REFUSED_STREAM means it did no work: safe to retry. */
    void onStreamReset(long errorCode) {
        if (done) {
            return;
        }
        Http2Error error = Http2Error.valueOf(errorCode);
        String name = error == null ? "error " + errorCode : error.name();
        if (error == Http2Error.REFUSED_STREAM && !retriedStale) {
            retryOnFreshConnection(); // the server did no work on it: another stream, or connection, at once
        } else if (error == Http2Error.REFUSED_STREAM) {
            fail(Failure.beforeSend(FailureKind.RESET, "stream refused by the server (REFUSED_STREAM)"));
        } else if (mayRetryStale()) {
            retryOnFreshConnection();
        } else {
            String when = phase == Phase.BODY ? " after " + bytes + " body bytes" : " before the response";
            fail(new Failure(FailureKind.RESET, "stream reset by the server (" + name + ")" + when, true));
        }
    }

    /** Called by a {@link TimeoutQueue} when one of this attempt's deadlines has come. */
    void onDeadline(Deadline d, long now) {
        if (done) {
            return;
        }
        switch (d.kind) {
            case TOTAL -> fail(totalTimeout());
            case FIRST_BYTE -> fail(new Failure(FailureKind.TIMEOUT, "timeout (first byte): no response within "
                    + millis(timeouts.firstByte().lengthNanos()) + " ms of sending the request", true));
            case READ -> {
                TimeoutQueue rd = timeouts.read();
                if (lastReadNanos + rd.lengthNanos() - now > 0) {
                    rd.add(d, lastReadNanos); // bytes came since it was set
                } else {
                    fail(new Failure(FailureKind.TIMEOUT, "timeout (read): no data for " + millis(rd.lengthNanos())
                            + " ms " + (phase == Phase.BODY ? "after " + bytes + " body bytes" : "waiting for the response"), true));
                }
            }
        }
    }

    private Failure totalTimeout() {
        String limit = "timeout (total): attempt exceeded " + millis(timeouts.total().lengthNanos()) + " ms ";
        return switch (phase) {
            case CONNECT -> Failure.beforeSend(FailureKind.TIMEOUT, limit + "while connecting");
            case AWAIT_RESPONSE -> new Failure(FailureKind.TIMEOUT, limit + "waiting for the response", true);
            case BODY -> new Failure(FailureKind.TIMEOUT, limit + "reading the body (" + bytes + " bytes)", true);
        };
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private boolean mayRetryStale() {
        Request request = call.request();
        return reused && !retriedStale && phase == Phase.AWAIT_RESPONSE && request.idempotent();
    }

    private void retryOnFreshConnection() {
        retriedStale = true;
        handler.detach();
        channel.close();
        channel = null;
        connect();
    }

    private void fail(Failure cause) {
        if (done) {
            return;
        }
        done = true;
        // whatever broke while the client was closing broke because of the close
        Failure failure = transport.closing() && cause.kind() != FailureKind.CANCELLED
                ? new Failure(FailureKind.CANCELLED, "the client was closed", cause.requestSent()) : cause;
        clearTimers();
        if (channel != null) {
            handler.detach();
            channel.close();
        }
        transport.completed(call, new Outcome(call.request(), call.index(), 0, Headers.empty(), NO_BODY, bytes,
                failure, System.nanoTime() - startNanos, 1, null));
    }
}
