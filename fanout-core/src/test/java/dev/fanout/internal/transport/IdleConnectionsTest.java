package dev.fanout.internal.transport;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class IdleConnectionsTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    private final ConcurrentHashMap<String, OriginPool> pools = new ConcurrentHashMap<>();
    private final IdleConnections idle = new IdleConnections(2, TIMEOUT, pools, group);

    @AfterEach
    void stop() {
        idle.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private OriginPool pool(String origin) {
        return pools.computeIfAbsent(origin, k -> new OriginPool());
    }

    @Test
    void connectionsBeyondTheIdleCapAreClosedNotPooled() {
        EmbeddedChannel a = new EmbeddedChannel(), b = new EmbeddedChannel(), c = new EmbeddedChannel();
        idle.release(pool("http://a"), a);
        idle.release(pool("http://b"), b);
        idle.release(pool("http://c"), c);
        assertThat(idle.idleCount()).isEqualTo(2);
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isTrue();
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void takingAConnectionFreesRoomForAnother() {
        EmbeddedChannel a = new EmbeddedChannel();
        idle.release(pool("http://a"), a);
        assertThat(idle.take(pool("http://a"))).isSameAs(a);
        assertThat(idle.take(pool("http://a"))).isNull();
        assertThat(idle.idleCount()).isZero();
    }

    @Test
    void sweepClosesConnectionsIdleTooLongAndRetiresEmptyPools() {
        EmbeddedChannel old = new EmbeddedChannel();
        OriginPool a = pool("http://a");
        idle.release(a, old);
        idle.sweep(System.nanoTime() + TIMEOUT / 2);
        assertThat(old.isOpen()).isTrue();
        idle.sweep(System.nanoTime() + TIMEOUT + 1);
        assertThat(old.isOpen()).isFalse();
        assertThat(idle.idleCount()).isZero();
        assertThat(pools).doesNotContainKey("http://a");
        // a retired pool takes no more connections: whoever still holds it gets theirs closed
        EmbeddedChannel late = new EmbeddedChannel();
        idle.release(a, late);
        assertThat(late.isOpen()).isFalse();
        assertThat(idle.idleCount()).isZero();
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsForgotten() {
        EmbeddedChannel a = new EmbeddedChannel();
        idle.release(pool("http://a"), a);
        idle.closedWhileIdle(pool("http://a"), a);
        assertThat(idle.idleCount()).isZero();
        assertThat(idle.take(pool("http://a"))).isNull();
    }

    @Test
    void aConnectionClosedAmongOthersLeavesAndTheRestAreTakenNewestFirst() {
        IdleConnections roomy = new IdleConnections(10, TIMEOUT, pools, group);
        try {
            OriginPool a = pool("http://a");
            EmbeddedChannel first = new EmbeddedChannel(), second = new EmbeddedChannel(), third = new EmbeddedChannel();
            roomy.release(a, first);
            roomy.release(a, second);
            roomy.release(a, third);
            roomy.closedWhileIdle(a, second);
            roomy.closedWhileIdle(a, second);   // told twice (it was already gone): counted once
            assertThat(roomy.idleCount()).isEqualTo(2);
            assertThat(roomy.take(a)).isSameAs(third);
            assertThat(roomy.take(a)).isSameAs(first);
            assertThat(roomy.take(a)).isNull();
            assertThat(roomy.idleCount()).isZero();
        } finally {
            roomy.stop();
        }
    }
}
