package dev.fanout.internal.engine;

import dev.fanout.AdaptiveLimit;
import dev.fanout.Failure;
import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.RateLimit;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.internal.net.BlockedNetworks;
import dev.fanout.internal.net.Bounds;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher driven by a fake clock and scheduler: no network, no threads, no waiting. */
class DispatcherTest {
    private static final long MS = 1_000_000L;

    private final List<Call> started = new ArrayList<>();
    private final List<Long> startedAt = new ArrayList<>();
    private final Map<Call, String> failed = new LinkedHashMap<>();
    private final FakeTime time = new FakeTime();

    private Dispatcher dispatcher(Fanout.Builder settings) {
        return new Dispatcher(settings.config(), new Dispatcher.Listener() {
            @Override
            public void start(Call call) {
                started.add(call);
                startedAt.add(time.now());
            }

            @Override
            public void unreachable(Call call, dev.fanout.FailureKind kind, String message) {
                failed.put(call, message);
            }
        }, time, time::now);
    }

    private static Call call(String url) throws Exception {
        return new Call(Request.get(url), 0, Url.parse(url), Reach.inputs(Bounds.OPEN, BlockedNetworks.of(List.of())), o -> { });
    }

    private static Outcome response(Call call, int status, String... headers) {
        return Outcome.builder(call.request()).status(status).headers(Headers.of(headers)).elapsedNanos(10 * MS).build();
    }

    private static Outcome failure(Call call, FailureKind kind, boolean sent) {
        return Outcome.builder(call.request()).failure(new Failure(kind, "x", sent)).elapsedNanos(MS).build();
    }

    @Test
    void startsNoMoreThanTheGlobalLimit() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(3));
        for (int i = 0; i < 5; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        assertThat(started).hasSize(3);
        d.finished(started.get(0), response(started.get(0), 200));
        assertThat(started).hasSize(4);
        assertThat(started.get(3).request().url()).isEqualTo("http://a.test/3");
    }

    @Test
    void perHostLimitLeavesSlotsToOtherHosts() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(4).perHost(2));
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
        Dispatcher d = dispatcher(Fanout.builder().concurrency(1));
        d.enqueue(call("http://a.test/1"));
        d.enqueue(call("http://a.test/2"));
        d.enqueue(call("http://b.test/1"));
        d.enqueue(call("http://b.test/2"));
        for (int i = 0; i < 3; i++) {
            Call last = started.get(started.size() - 1);
            d.finished(last, response(last, 200));
        }
        assertThat(started).extracting(c -> c.request().url())
                .containsExactly("http://a.test/1", "http://b.test/1", "http://a.test/2", "http://b.test/2");
    }

    @Test
    void closeHandsBackWaitingCallsAndRefusesNewOnes() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(1));
        d.enqueue(call("http://a.test/1"));
        d.enqueue(call("http://a.test/2"));
        List<Call> waiting = d.close();
        assertThat(waiting).extracting(c -> c.request().url()).containsExactly("http://a.test/2");
        assertThat(d.enqueue(call("http://a.test/3"))).isFalse();
    }

    @Test
    void aRateLimitSpacesStartsEvenlyWithoutHoldingSlots() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(100).rate(RateLimit.perSecond(10)));
        for (int i = 0; i < 5; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        assertThat(started).hasSize(1); // the bucket holds one token: no burst
        assertThat(d.running()).isEqualTo(1);
        time.advance(99 * MS);
        assertThat(started).hasSize(1);
        time.advance(1 * MS);
        assertThat(started).hasSize(2);
        time.advance(300 * MS);
        assertThat(started).hasSize(5);
        for (int i = 1; i < startedAt.size(); i++) {
            assertThat(startedAt.get(i) - startedAt.get(i - 1)).isEqualTo(100 * MS);
        }
    }

    @Test
    void aBucketAllowsItsBurstAfterAQuietSpellAndNoMore() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(100).rate(RateLimit.perSecond(10).withBurst(3)));
        for (int i = 0; i < 6; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        assertThat(started).hasSize(3);
        time.advance(100 * MS);
        assertThat(started).hasSize(4);
    }

    @Test
    void aPerHostRateHoldsBackOnlyThatHost() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(100).ratePerHost(RateLimit.perSecond(2)));
        d.enqueue(call("http://a.test/1"));
        d.enqueue(call("http://a.test/2"));
        d.enqueue(call("http://b.test/1"));
        d.enqueue(call("http://b.test/2"));
        assertThat(started).extracting(c -> c.request().url()).containsExactly("http://a.test/1", "http://b.test/1");
        time.advance(500 * MS);
        assertThat(started).hasSize(4);
    }

    @Test
    void retryAfterPausesTheWholeHost() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(1));
        Call first = call("http://a.test/1");
        d.enqueue(first);
        d.enqueue(call("http://a.test/2"));
        d.enqueue(call("http://b.test/1"));
        d.finished(first, response(first, 429, "Retry-After", "2"));
        // the slot goes to b (a is paused), then stays free for a until the pause ends
        assertThat(started).extracting(c -> c.request().url()).containsExactly("http://a.test/1", "http://b.test/1");
        Call b = started.get(1);
        d.finished(b, response(b, 200));
        assertThat(started).hasSize(2);
        time.advance(1_999 * MS);
        assertThat(started).hasSize(2);
        time.advance(1 * MS);
        assertThat(started).extracting(c -> c.request().url()).endsWith("http://a.test/2");
    }

    @Test
    void aHostIsGivenUpAfterConsecutiveConnectFailuresAndItsCallsFailFast() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(1).deadHostAfter(2));
        Call c1 = call("http://dead.test/1");
        Call c2 = call("http://dead.test/2");
        Call c3 = call("http://dead.test/3");
        d.enqueue(c1);
        d.enqueue(c2);
        d.enqueue(c3);
        d.finished(c1, failure(c1, FailureKind.CONNECT, false));
        assertThat(failed).isEmpty();
        d.finished(c2, failure(c2, FailureKind.CONNECT, false));
        assertThat(failed).containsOnlyKeys(c3);
        assertThat(failed.get(c3)).contains("http://dead.test").contains("2 connection failures in a row");
        Call later = call("http://dead.test/4");
        d.enqueue(later);
        assertThat(failed).containsKey(later);
        assertThat(d.unreachableHosts()).containsOnlyKeys("http://dead.test");
    }

    @Test
    void aResponseInBetweenResetsTheConnectFailureCount() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(1).deadHostAfter(2));
        for (int i = 0; i < 4; i++) {
            d.enqueue(call("http://flaky.test/" + i));
        }
        Call c = started.get(0);
        d.finished(c, failure(c, FailureKind.CONNECT, false));
        c = started.get(1);
        d.finished(c, response(c, 500));
        c = started.get(2);
        d.finished(c, failure(c, FailureKind.CONNECT, false));
        assertThat(failed).isEmpty();
        assertThat(started).hasSize(4);
    }

    @Test
    void adaptiveConcurrencyStartsLowAndGrowsWhileResponsesAreGood() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(100).adaptive(AdaptiveLimit.DEFAULT));
        for (int i = 0; i < 200; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        assertThat(started).hasSize(4);
        for (int i = 0; i < 100; i++) {
            Call c = started.get(i);
            d.finished(c, response(c, 200));
        }
        int limit = d.adaptiveLimits().get("http://a.test")[0];
        assertThat(limit).isGreaterThan(10);
        assertThat(d.running()).isEqualTo(limit);
    }

    @Test
    void adaptiveConcurrencyBacksOffOncePerBurstOfPushBack() throws Exception {
        Dispatcher d = dispatcher(Fanout.builder().concurrency(100).adaptive(new AdaptiveLimit(20, 1, 100, 0.5, 3.0)));
        for (int i = 0; i < 100; i++) {
            d.enqueue(call("http://a.test/" + i));
        }
        for (int i = 0; i < 5; i++) {
            Call c = started.get(i);
            d.finished(c, response(c, 503));
        }
        assertThat(d.adaptiveLimits().get("http://a.test")[0]).isEqualTo(10);
        time.advance(50 * MS);
        Call c = started.get(5);
        d.finished(c, response(c, 503));
        assertThat(d.adaptiveLimits().get("http://a.test")[0]).isEqualTo(5);
    }

    /** Fake clock and scheduler: tasks run, in time order, when the clock is advanced past them. */
    static final class FakeTime implements Scheduler {
        private long now = 1_000_000_000L;
        private long seq;
        private final PriorityQueue<long[]> order = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        private final Map<Long, Runnable> tasks = new LinkedHashMap<>();

        long now() {
            return now;
        }

        @Override
        public boolean schedule(Runnable task, long delayNanos) {
            long id = seq++;
            order.add(new long[]{now + Math.max(0, delayNanos), id});
            tasks.put(id, task);
            return true;
        }

        void advance(long nanos) {
            long until = now + nanos;
            while (!order.isEmpty() && order.peek()[0] <= until) {
                long[] next = order.poll();
                now = Math.max(now, next[0]);
                tasks.remove(next[1]).run();
            }
            now = until;
        }
    }
}
