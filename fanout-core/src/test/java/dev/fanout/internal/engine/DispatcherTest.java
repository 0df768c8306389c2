package dev.fanout.internal.engine;

import dev.fanout.Request;
import dev.fanout.internal.transport.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {
    private final List<Call> started = new ArrayList<>();

    private static Call call(String url) throws Exception {
        return new Call(Request.get(url), 0, Target.parse(url), o -> { });
    }

    @Test
    void startsNoMoreThanTheGlobalLimit() throws Exception {
        Dispatcher d = new Dispatcher(3, 3, started::add);
        for (int i = 0; i < 5; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        assertThat(started).hasSize(3);
        d.finished(started.get(0));
        assertThat(started).hasSize(4);
        assertThat(started.get(3).request().url()).isEqualTo("http://a.test/3");
    }

    @Test
    void perHostLimitLeavesSlotsToOtherHosts() throws Exception {
        Dispatcher d = new Dispatcher(4, 2, started::add);
        for (int i = 0; i < 4; i++) {
            d.enqueue(call("http://slow.test/" + i));
        }
        d.enqueue(call("http://other.test/x"));
        assertThat(started).extracting(c -> c.target().host())
                .containsExactly("slow.test", "slow.test", "other.test");
        assertThat(d.running()).isEqualTo(3);
    }

    @Test
    void waitingHostsTakeTurnsWhenSlotsFree() throws Exception {
        Dispatcher d = new Dispatcher(1, 1, started::add);
        d.enqueue(call("http://a.test/1"));
        d.enqueue(call("http://a.test/2"));
        d.enqueue(call("http://b.test/1"));
        d.enqueue(call("http://b.test/2"));
        for (int i = 0; i < 3; i++) {
            d.finished(started.get(started.size() - 1));
        }
        assertThat(started).extracting(c -> c.request().url())
                .containsExactly("http://a.test/1", "http://b.test/1", "http://a.test/2", "http://b.test/2");
    }

    @Test
    void closeHandsBackWaitingCallsAndRefusesNewOnes() throws Exception {
        Dispatcher d = new Dispatcher(1, 1, started::add);
        d.enqueue(call("http://a.test/1"));
        d.enqueue(call("http://a.test/2"));
        List<Call> waiting = d.close();
        assertThat(waiting).extracting(c -> c.request().url()).containsExactly("http://a.test/2");
        assertThat(d.enqueue(call("http://a.test/3"))).isFalse();
    }
}
