package dev.fanout.internal.transport;

import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.internal.net.Url;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.Future;


/**
 * One attempt of one call, from connection to last body byte. Every method runs on {@link #loop}, so the
 * state needs no locks; {@link #done} makes sure the call completes exactly once whichever of response,
 * error, close or timeout comes first.
 *
 * <p>A request that fails on a reused keep-alive connection before any response byte arrived is re-sent
 * once on a fresh connection when its method is idempotent: the server had most likely closed the idle
 * connection, and that race is not the request's fault (the call counts the send, not against its retries).
 * {@link BrokenAttempts} decides, for whatever breaks an attempt, between that and the failure it ends with.
 *
 * <p>The body goes where {@link ResponseBody} says; when the memory budget has no room for it, the exchange
 * stops reading and its deadlines stop ({@link #pauseForMemory}) until the budget grants the room.
 */
final class Exchange implements ChannelFutureListener {

    enum Phase { CONNECT, AWAIT_RESPONSE, BODY }

    private final Connections transport;
    private final ExchangeParts parts;
    private final TransportCall call;
    private final OriginPool pool;
    private final EventLoop loop;
    private final AttemptClock clock;

    private Phase phase = Phase.CONNECT;
    /** What carries the request and response now: a connection, or a stream of a shared one. */
    private Carrier carrier;
    /** The request's write now: a failure is this attempt's only while it is the one. */
    private ChannelFuture sending;
    private boolean reused;
    private boolean retriedStale;
    private boolean done;
    private boolean interim;
    /** On an HTTP/2 stream rather than a connection of its own. */
    private boolean multiplexed;

    private int status;
    private Headers headers = Headers.empty();
    private boolean keepAlive;
    private ResponseBody body;
    private long bytes;
    /** Reading stopped until the memory budget has room for this body. */
    private boolean pausedForMemory;
    /** The last body part arrived while the body waited for memory. */
    private boolean lastArrived;

    Exchange(Connections transport, TransportCall call, OriginPool pool, EventLoop loop, LoopTimeouts timeouts) {
        this.transport = transport;
        this.parts = transport.parts();
        this.call = call;
        this.pool = pool;
        this.loop = loop;
        this.clock = new AttemptClock(this, timeouts);
    }

    void start(Channel idle) {
        clock.start();
        if (idle != null && idle.isActive()) {
            BlockedAddressException refused = Dialer.refusedReuse(call, idle);
            if (refused != null) {
                parts.idle().release(pool, idle); // others may still use it
                fail(FailureClassifier.classify(refused, false));
                return;
            }
            send(ExchangeHandler.of(idle), true);
        } else {
            connect();
        }
    }

    /** Starts on a stream slot of {@code connection} reserved for this call; on the connection's loop. */
    void startOnStream(Http2Connection connection, boolean reusedConnection) {
        clock.start();
        openStream(connection, reusedConnection);
    }

    private void connect() {
        phase = Phase.CONNECT;
        boolean fresh = !parts.mayUseHttp2(call.target()) || !pool.hasShared();
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
            } else if (h2 != null && Dialer.refusedReuse(call, h2.channel()) != null) {
                fail(FailureClassifier.classify(Dialer.refusedReuse(call, h2.channel()), false));
            } else if (h2 != null) {
                useShared(h2, !fresh);
            } else if (f.isSuccess()) {
                send(ExchangeHandler.of(ch), false);
            } else {
                fail(BrokenAttempts.connectFailed(f.cause(), parts.config().connectTimeout()));
            }
        });
    }

    /**
     * Takes a stream on a shared connection, here or on its loop; connects again if it has no room left — unless
     * the server allows no streams at all, where every new connection would be the same: the attempt fails (a
     * refused stream, retried with backoff) rather than dialling without end.
     */
    private void useShared(Http2Connection h2, boolean reusedConnection) {
        if (h2.allowsNoStreams()) {
            fail(Failure.beforeSend(FailureKind.RESET,
                    "HTTP/2 stream refused: the server allows no streams now (SETTINGS_MAX_CONCURRENT_STREAMS 0)"));
        } else if (!h2.tryReserve()) {
            connect();
        } else if (h2.channel().eventLoop() == loop) {
            openStream(h2, reusedConnection);
        } else {
            done = true; // this attempt goes on as a new exchange on the connection's loop
            clock.clear();
            transport.moveTo(call, pool, h2, reusedConnection);
        }
    }

    /** Sends on a new stream of {@code h2} (a stream that cannot open fails as its request's write does). */
    private void openStream(Http2Connection h2, boolean reusedConnection) {
        send(h2.newStream(), reusedConnection);
    }

    private void send(Carrier c, boolean reusedConnection) {
        carrier = c;
        multiplexed = c instanceof SharedStream;
        reused = reusedConnection;
        c.attach(this);
        phase = Phase.AWAIT_RESPONSE;
        clock.sent();
        ChannelFuture written = c.send(parts.encoder(), call.request(), call.target(), call.proxy());
        sending = written;
        written.addListener(this);
    }

    /** The request's write ended: a failure is this attempt's while it is still this attempt's write. */
    @Override
    public void operationComplete(ChannelFuture written) {
        if (!written.isSuccess() && written == sending) {
            onError(written.cause());
        }
    }

    /** Bytes arrived: the read-silence clock restarts. */
    void onBytes() {
        clock.bytesArrived();
    }

    void onHead(HttpResponse response) {
        int code = response.status().code();
        Failure refused = (code == 407 || code == 401) && call.proxy() != null ? ProxyAnswers.refusal(call, response) : null;
        if (refused != null) {
            fail(refused);
            return;
        }
        clock.headArrived();
        if (code >= 100 && code < 200 && code != 101) {
            interim = true; // e.g. 100 Continue: the real response follows
            return;
        }
        status = code;
        phase = Phase.BODY;
        if (parts.config().cookies() != null && response.headers().contains(HttpHeaderNames.SET_COOKIE)) {
            Url t = call.target();
            parts.config().cookies().store(t.host(), t.pathAndQuery(), t.tls(), response.headers().getAll(HttpHeaderNames.SET_COOKIE));
        }
        keepAlive = HttpUtil.isKeepAlive(response);
        if (!multiplexed) {
            pool.connects().serverCloses(!keepAlive);
        }
        headers = AttemptFailures.kept(response, parts.config().keepBodies(), parts.config().rateHeaders());
        long length = HttpUtil.getContentLength(response, -1L);
        if (length > parts.config().maxBodyBytes()) {
            fail(AttemptFailures.contentLengthOverLimit(length, parts.config().maxBodyBytes()));
            return;
        }
        body = new ResponseBody(parts);
        Failure failure = body.start(this, loop, length);
        if (failure != null) {
            fail(failure);
        }
    }

    void onContent(ByteBuf content) {
        if (interim) {
            return;
        }
        bytes += content.readableBytes();
        if (bytes > parts.config().maxBodyBytes()) {
            fail(AttemptFailures.bodyOverLimit(parts.config().maxBodyBytes()));
            return;
        }
        Failure failure = body.add(this, content, bytes);
        if (failure != null) {
            fail(failure);
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
        if (body != null && body.waiting()) {
            lastArrived = true; // the body completes once its last parts have room
            return;
        }
        complete();
    }

    private void complete() {
        ResponseBody.Done finished = body.finish(bytes);
        if (finished.failure() != null) {
            fail(finished.failure()); // gives the body's memory back
            return;
        }
        done = true;
        if (pausedForMemory) {
            pausedForMemory = false;
            carrier.resumeReading();
        }
        clock.clear();
        carrier.detach();
        carrier.finished(keepAlive);
        parts.completion().completed(call, Outcome.response(call.request(), call.index(), status, headers, finished.bytes(), bytes,
                clock.elapsedNanos(), finished.file()));
    }

    /** The memory budget has no room for this body now: stop reading, and stop its clocks, until it has. */
    void pauseForMemory() {
        if (pausedForMemory || done) {
            return;
        }
        pausedForMemory = true;
        clock.pause();
        carrier.pauseReading();
    }

    /** The budget granted what the body waited for (on the loop). */
    void resumeAfterMemory() {
        if (done || !pausedForMemory || body.waiting()) {
            return;
        }
        pausedForMemory = false;
        clock.resume(); // time spent waiting for memory is not the server's
        carrier.resumeReading(); // what a stream held meanwhile arrives now, perhaps to its end
        if (lastArrived && !done) {
            complete();
        }
    }

    /** The budget is stuck with this body among those holding it: it lets go ({@link BrokenAttempts}). */
    void setAsideForMemory() {
        if (!done) {
            BrokenAttempts.setAsideForMemory(this, call, parts.memory().capacity(), bytes);
        }
    }

    void onClosed() {
        if (done || lastArrived) {
            return; // with the whole body read, a close is the server's business
        }
        BrokenAttempts.closed(this, transport.closing(), mayRetryStale(), phase, bytes);
    }

    void onError(Throwable cause) {
        if (done || lastArrived) {
            return;
        }
        BrokenAttempts.error(this, cause, mayRetryStale(), phase, bytes);
    }

    /** The HTTP/2 server reset this exchange's stream. REFUSED_STREAM means it did no work: safe to retry. */
    void onStreamReset(long errorCode) {
        if (!done) {
            BrokenAttempts.streamReset(this, errorCode, retriedStale, mayRetryStale(), phase, bytes);
        }
    }

    /** Called by a {@link TimeoutQueue} when one of this attempt's deadlines has come. */
    void onDeadline(Deadline d, long now) {
        if (!done) {
            BrokenAttempts.deadline(this, d, now, clock, phase, bytes);
        }
    }

    private boolean mayRetryStale() {
        return BrokenAttempts.mayRetryStale(reused, retriedStale, phase, call.request());
    }

    /**
     * Sends the request again on a new connection after {@code error} on a reused one. It was sent, so it counts
     * as an attempt (and says why in {@code last_error}), but not against the retry budget: the race with a
     * server closing an idle connection is not the request's fault.
     */
    void retryOnFreshConnection(String error) {
        retriedStale = true;
        call.sentAgain(error + (multiplexed ? " on a shared connection" : " on a reused connection") + "; sent again on a new one");
        carrier.detach();
        carrier.abandon();
        carrier = null;
        sending = null;
        connect();
    }

    void fail(Failure cause) {
        if (done) {
            return;
        }
        done = true;
        // whatever broke while the client was closing broke because of the close
        Failure failure = transport.closing() && cause.kind() != FailureKind.CANCELLED
                ? new Failure(FailureKind.CANCELLED, "the client was closed", cause.requestSent()) : cause;
        clock.clear();
        if (body != null) {
            body.discard();
        }
        if (carrier != null) {
            carrier.detach();
            carrier.abandon();
        }
        parts.completion().completed(call, Outcome.failed(call.request(), call.index(), failure, bytes, clock.elapsedNanos()));
    }
}
