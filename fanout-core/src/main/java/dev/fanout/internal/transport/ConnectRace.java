package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connect of a {@link ConnectWindow}: a socket is dialled, and while none has connected another is dialled
 * after the window's redial time, doubled each time, up to {@link #MAX_SOCKETS}. The first socket to connect
 * wins and the others are closed. The first socket's failure (refused, unreachable, its connect timeout) is
 * the connect's; a redial's failure stops further redials. The earlier sockets keep going meanwhile, so a SYN
 * that was only slow loses nothing. Runs on its loop only.
 */
final class ConnectRace implements ChannelFutureListener {
    /** Sockets one connect may open: the first and up to three redials (at 1, 2 and 4 redial times). */
    static final int MAX_SOCKETS = 4;

    private final ConnectWindow window;
    private final EventLoop loop;
    private final Supplier<ChannelFuture> dial;
    private final Promise<Channel> result;
    private final ChannelFuture[] sockets = new ChannelFuture[MAX_SOCKETS];
    private int dialled;
    private int pending;
    private boolean ended;
    private boolean stopRedials;
    private long delayNanos;
    private long startNanos;
    private ScheduledFuture<?> redial;

    ConnectRace(ConnectWindow window, EventLoop loop, Supplier<ChannelFuture> dial, Promise<Channel> result) {
        this.window = window;
        this.loop = loop;
        this.dial = dial;
        this.result = result;
    }

    void start() {
        if (result.isDone()) { // the attempt ended while it waited for the window
            ended = true;
            window.ended(System.nanoTime(), -1, false, false);
            return;
        }
        startNanos = System.nanoTime();
        delayNanos = window.redialNanos();
        dialOne();
    }

    private void dialOne() {
        ChannelFuture socket;
        try {
            socket = dial.get();
        } catch (RuntimeException e) {
            stopRedials = true;
            if (pending == 0) {
                end(null, e);
            }
            return;
        }
        sockets[dialled++] = socket;
        pending++;
        socket.addListener(this);
        if (!ended && dialled < MAX_SOCKETS) {
            long d = delayNanos;
            delayNanos *= 2;
            redial = loop.schedule(this::redialNow, d, TimeUnit.NANOSECONDS);
        }
    }

    private void redialNow() {
        if (!ended && !stopRedials && !result.isDone()) {
            dialOne();
        }
    }

    @Override
    public void operationComplete(ChannelFuture socket) {
        pending--;
        if (ended) {
            if (socket.isSuccess()) {
                socket.channel().close(); // a slower socket of a connect that another one won
            }
            return;
        }
        if (socket.isSuccess()) {
            end(socket, null);
        } else if (socket == sockets[0] || pending == 0) {
            // the first socket's failure is the connect's: its timeout bounds the whole connect
            end(null, socket.cause());
        } else {
            stopRedials = true;
        }
    }

    private void end(ChannelFuture winner, Throwable failure) {
        ended = true;
        if (redial != null) {
            redial.cancel(false);
        }
        for (int i = 0; i < dialled; i++) {
            if (sockets[i] != winner) {
                sockets[i].channel().close();
            }
        }
        boolean first = winner != null && winner == sockets[0] && dialled == 1;
        boolean stays = winner != null && window.holdsUntilClosed();
        window.ended(startNanos, first ? System.nanoTime() - startNanos : -1, dialled > 1, stays);
        if (stays) {
            winner.channel().closeFuture().addListener(closed -> window.closed(System.nanoTime() - startNanos));
        }
        if (winner == null) {
            result.tryFailure(failure);
        } else if (!result.trySuccess(winner.channel())) {
            winner.channel().close();
        }
    }
}
