package dev.fanout.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect window and its redials on an embedded event loop whose clock the test moves: each dial is a socket
 * the test answers (connected or failed) when it likes, as a server with a full accept queue would not.
 */
class ConnectWindowTest {
    private EmbeddedChannel clock;
    private EventLoop loop;
    private final List<ChannelPromise> dialled = new ArrayList<>();
    private final Supplier<ChannelFuture> dial = () -> {
        ChannelPromise p = new EmbeddedChannel().newPromise();
        dialled.add(p);
        return p;
    };

    @BeforeEach
    void freeze() {
        clock = new EmbeddedChannel();
        clock.freezeTime();
        loop = clock.eventLoop();
    }

    private void advance(long nanos) {
        clock.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
        clock.runScheduledPendingTasks();
    }

    @Test
    void atMostTheWindowOfConnectsIsInFlightAndAnAnsweredOneLetsTheNextStart() {
        ConnectWindow window = new ConnectWindow();
        List<Future<Channel>> connects = new ArrayList<>();
        for (int i = 0; i < ConnectWindow.INITIAL + 2; i++) {
            connects.add(window.open(loop, dial));
        }
        assertThat(dialled).hasSize(ConnectWindow.INITIAL);
        assertThat(window.waiting()).isEqualTo(2);

        dialled.get(0).setSuccess();

        assertThat(connects.get(0).isSuccess()).isTrue();
        assertThat(connects.get(0).getNow()).isSameAs(dialled.get(0).channel());
        assertThat(window.limit()).as("grows by one per connect answered at once").isEqualTo(ConnectWindow.INITIAL + 1);
        assertThat(dialled).as("both waiting connects fit the grown window").hasSize(ConnectWindow.INITIAL + 2);
        assertThat(window.waiting()).isZero();
        assertThat(window.inFlight()).isEqualTo(ConnectWindow.INITIAL + 1);
    }

    @Test
    void anUnansweredConnectIsDialledAgainAfterTheRedialTimeAndTheFirstSocketToConnectWins() {
        ConnectWindow window = new ConnectWindow();
        Future<Channel> connect = window.open(loop, dial);
        advance(ConnectWindow.FIRST_REDIAL_NANOS - 1);
        assertThat(dialled).as("not yet").hasSize(1);

        advance(1);
        assertThat(dialled).as("the SYN was probably dropped: a second socket").hasSize(2);
        advance(2 * ConnectWindow.FIRST_REDIAL_NANOS);
        assertThat(dialled).as("the wait doubles").hasSize(3);

        dialled.get(1).setSuccess();

        assertThat(connect.getNow()).isSameAs(dialled.get(1).channel());
        assertThat(dialled.get(0).channel().isOpen()).as("the losers are closed").isFalse();
        assertThat(dialled.get(2).channel().isOpen()).isFalse();
        assertThat(dialled.get(1).channel().isOpen()).isTrue();
        assertThat(window.limit()).as("a connect that needed a redial halves the window").isEqualTo(ConnectWindow.INITIAL / 2);
        advance(ConnectWindow.MAX_REDIAL_NANOS * 8);
        assertThat(dialled).as("no redial after the connect ended").hasSize(3);
    }

    @Test
    void redialsStopAtFourSocketsAndTheFirstAnswerStillWins() {
        ConnectWindow window = new ConnectWindow();
        Future<Channel> connect = window.open(loop, dial);
        for (int i = 0; i < 10; i++) {
            advance(ConnectWindow.MAX_REDIAL_NANOS * 8);
        }
        assertThat(dialled).hasSize(ConnectRace.MAX_SOCKETS);

        dialled.get(0).setSuccess();

        assertThat(connect.getNow()).isSameAs(dialled.get(0).channel());
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void theFirstSocketsFailureIsTheConnectsAndEndsTheRedials() {
        ConnectWindow window = new ConnectWindow();
        Future<Channel> connect = window.open(loop, dial);
        advance(ConnectWindow.FIRST_REDIAL_NANOS);
        assertThat(dialled).hasSize(2);
        ConnectException refused = new ConnectException("Connection refused");

        dialled.get(0).setFailure(refused);

        assertThat(connect.cause()).isSameAs(refused);
        assertThat(dialled.get(1).channel().isOpen()).as("the redial is closed").isFalse();
        assertThat(window.inFlight()).isZero();
        assertThat(window.limit()).isEqualTo(ConnectWindow.INITIAL / 2);
    }

    @Test
    void aFailedRedialStopsFurtherRedialsWhileTheFirstSocketGoesOn() {
        ConnectWindow window = new ConnectWindow();
        Future<Channel> connect = window.open(loop, dial);
        advance(ConnectWindow.FIRST_REDIAL_NANOS);
        dialled.get(1).setFailure(new ConnectException("Connection refused"));
        advance(ConnectWindow.MAX_REDIAL_NANOS * 8);
        assertThat(dialled).hasSize(2);
        assertThat(connect.isDone()).isFalse();

        dialled.get(0).setSuccess();

        assertThat(connect.getNow()).isSameAs(dialled.get(0).channel());
    }

    @Test
    void theRedialTimeFollowsThisOriginsAnsweredConnects() {
        ConnectWindow window = new ConnectWindow();
        assertThat(window.redialNanos()).as("before any answer").isEqualTo(ConnectWindow.FIRST_REDIAL_NANOS);

        window.open(loop, dial);
        window.ended(System.nanoTime(), 1_000_000, false, false); // as if the connect above had been answered in 1 ms
        assertThat(window.redialNanos()).as("a loopback-fast answer: the floor").isEqualTo(ConnectWindow.MIN_REDIAL_NANOS);

        window.open(loop, dial);
        window.ended(System.nanoTime(), 80_000_000, false, false);
        long smoothed = 1_000_000 + (80_000_000 - 1_000_000) / 8;
        assertThat(window.redialNanos()).isEqualTo(4 * smoothed);
        for (int i = 0; i < 100; i++) {
            window.open(loop, dial);
            window.ended(System.nanoTime(), 2_000_000_000L, false, false);
        }
        assertThat(window.redialNanos()).as("never later than the kernel's own resend").isEqualTo(ConnectWindow.MAX_REDIAL_NANOS);
    }

    @Test
    void afterARedialTheWindowGrowsByOnePerWindowOfAnsweredConnects() {
        ConnectWindow window = new ConnectWindow();
        window.open(loop, dial);
        advance(ConnectWindow.FIRST_REDIAL_NANOS);
        dialled.get(1).setSuccess();
        int halved = ConnectWindow.INITIAL / 2;
        assertThat(window.limit()).isEqualTo(halved);

        for (int i = 0; i < halved - 1; i++) {
            window.open(loop, dial).getNow();
            dialled.getLast().setSuccess();
        }
        assertThat(window.limit()).as("not yet a window of answers").isEqualTo(halved);
        window.open(loop, dial);
        dialled.getLast().setSuccess();
        assertThat(window.limit()).isEqualTo(halved + 1);
    }

    @Test
    void toAnOriginThatClosesItsConnectionsAConnectionCountsUntilItCloses() {
        ConnectWindow window = new ConnectWindow();
        window.serverCloses(true);
        List<Future<Channel>> connects = new ArrayList<>();
        for (int i = 0; i < ConnectWindow.INITIAL + 1; i++) {
            connects.add(window.open(loop, dial));
        }
        dialled.get(0).setSuccess();
        assertThat(window.waiting()).as("connected, but its response has not closed it").isEqualTo(1);

        connects.get(0).getNow().close();

        assertThat(window.waiting()).isZero();
        assertThat(dialled).hasSize(ConnectWindow.INITIAL + 1);

        window.serverCloses(false);
        dialled.get(1).setSuccess();
        assertThat(window.inFlight()).as("a kept-alive connection counts only until it is answered").isEqualTo(ConnectWindow.INITIAL - 1);
    }

    @Test
    void aConnectWhoseAttemptEndedWhileItWaitedForRoomDialsNothing() {
        ConnectWindow window = new ConnectWindow();
        for (int i = 0; i < ConnectWindow.INITIAL; i++) {
            window.open(loop, dial);
        }
        Future<Channel> waiting = window.open(loop, dial);
        ((io.netty.util.concurrent.Promise<Channel>) waiting).cancel(false);

        dialled.get(0).setFailure(new ConnectException("Connection refused"));

        assertThat(dialled).hasSize(ConnectWindow.INITIAL);
        assertThat(window.inFlight()).isEqualTo(ConnectWindow.INITIAL - 1);
        assertThat(window.waiting()).isZero();
    }

    @Test
    void redialsOfOneBurstOfLostSynsHalveTheWindowOnce() {
        ConnectWindow window = new ConnectWindow();
        for (int i = 0; i < 3; i++) {
            window.open(loop, dial);
        }
        advance(ConnectWindow.FIRST_REDIAL_NANOS);
        assertThat(dialled).as("each of the three dialled again").hasSize(6);

        dialled.get(3).setSuccess();
        dialled.get(4).setSuccess();
        dialled.get(5).setSuccess();

        assertThat(window.limit()).as("the three were dialled into the window that lost them").isEqualTo(ConnectWindow.INITIAL / 2);
        window.open(loop, dial);
        advance(ConnectWindow.FIRST_REDIAL_NANOS);
        dialled.getLast().setSuccess();
        assertThat(window.limit()).as("a connect dialled after the halving halves again").isEqualTo(ConnectWindow.INITIAL / 4);
    }

    @Test
    void toAClosingOriginAnsweredConnectsGrowTheWindowOnlyUntilItsAcceptQueueOverflows() {
        ConnectWindow window = new ConnectWindow();
        window.serverCloses(true);
        window.open(loop, dial);
        dialled.get(0).setSuccess();
        assertThat(window.limit()).as("no sign of an overflow yet: as to any origin").isEqualTo(ConnectWindow.INITIAL + 1);

        overflow(window);
        int halved = (ConnectWindow.INITIAL + 1) / 2;
        assertThat(window.limit()).isEqualTo(halved);
        window.open(loop, dial);
        dialled.getLast().setSuccess();

        assertThat(window.limit()).as("the kernel answered; the server has served nothing yet").isEqualTo(halved);
    }

    @Test
    void toAClosingOriginTheWindowGrowsWhileHoldsStayShortAndShrinksToWhatTheServerServesWhenTheyLengthen() {
        ConnectWindow window = new ConnectWindow();
        window.serverCloses(true);
        long shortest = 1_000_000;
        for (int i = 0; i < 8; i++) {
            hold(window, shortest);
        }
        assertThat(window.limit()).as("holds move nothing before an overflow").isEqualTo(ConnectWindow.INITIAL + 8);
        for (int i = 0; i < 3; i++) {
            overflow(window); // three bursts of lost SYNs: 16 -> 8 -> 4 -> 2
        }
        int floor = (ConnectWindow.INITIAL + 8) / 8;
        assertThat(window.limit()).isEqualTo(floor);

        for (int i = 0; i < 40; i++) {
            hold(window, shortest);
        }
        assertThat(window.limit()).as("a quarter of a connection per hold as short as the shortest").isEqualTo(floor + 10);

        for (int i = 0; i < 200; i++) {
            hold(window, 10 * shortest); // connections wait their turn in the server: ten times as long
        }
        double settled = ConnectWindow.QUEUE_ALLOWANCE / (1 - 0.1); // w = w/10 + allowance
        assertThat(window.limit()).as("what the server serves plus the allowance").isEqualTo((int) Math.round(settled));

        for (int i = 0; i < 100; i++) {
            hold(window, 300 * shortest); // every handshake's last ACK dropped: answered after a retransmission
        }
        assertThat(window.limit()).as("the allowance is the least it shrinks to").isEqualTo((int) ConnectWindow.QUEUE_ALLOWANCE);
    }

    @Test
    void holdsDoNotShrinkAClosingOriginsWindowBelowItsLastHalving() {
        ConnectWindow window = new ConnectWindow();
        window.serverCloses(true);
        overflow(window);
        int halved = ConnectWindow.INITIAL / 2;
        hold(window, 1_000_000);
        for (int i = 0; i < 200; i++) {
            hold(window, 100_000_000); // a server that answers some requests a hundred times as slowly
        }
        assertThat(window.limit()).isEqualTo(halved);
    }

    @Test
    void theWindowOfAClosingOriginNeverGrowsPastTheMaximum() {
        ConnectWindow window = new ConnectWindow();
        window.serverCloses(true);
        overflow(window);
        for (int i = 0; i < 4 * ConnectWindow.MAX + 100; i++) { // a quarter per hold
            hold(window, 1_000_000);
        }
        assertThat(window.limit()).isEqualTo(ConnectWindow.MAX);
    }

    /** A connect whose first SYN goes unanswered and whose redial connects: a burst of lost SYNs of its own. */
    private void overflow(ConnectWindow window) {
        window.open(loop, dial);
        ChannelPromise first = dialled.getLast();
        advance(ConnectWindow.MAX_REDIAL_NANOS);
        assertThat(dialled.getLast()).as("dialled again").isNotSameAs(first);
        dialled.getLast().setSuccess();
    }

    /** A connect to a closing origin that connected and whose connection closed {@code nanos} after it started. */
    private void hold(ConnectWindow window, long nanos) {
        window.open(loop, () -> new EmbeddedChannel().newSucceededFuture());
        window.closed(nanos);
    }
}
