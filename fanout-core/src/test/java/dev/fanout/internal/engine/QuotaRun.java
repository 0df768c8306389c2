package dev.fanout.internal.engine;

import dev.fanout.FailureKind;
import dev.fanout.Headers;
import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.internal.net.BlockedNetworks;
import dev.fanout.internal.net.Bounds;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A whole run in virtual time: the dispatcher, with its {@link HostQuota}, against a model of a server that
 * answers 429 + {@code Retry-After} beyond a quota and nothing else about it, and the engine's retry of an
 * over-quota answer (waited out for its {@code Retry-After}, then queued again). No network, no threads, no
 * waiting: a run of 10 virtual seconds takes milliseconds, and the same seed gives the same run.
 */
final class QuotaRun {
    static final long MS = 1_000_000L;
    static final long SECOND = 1000 * MS;

    /** A server's quota: 0 to accept a request arriving at {@code t}, else the refusal's Retry-After in seconds. */
    interface Quota {
        long take(long t);

        /** The window {@code t} falls in, for counting refusals per window. */
        long window(long t);
    }

    /** {@code limit} requests per fixed window of {@code W}, the windows' edges {@code phase} into the run. */
    static Quota fixedWindow(int limit, long windowNanos, long phaseNanos) {
        return fixedWindow(limit, windowNanos, phaseNanos, false);
    }

    /** As above; {@code spent}: the window the run begins in was used up before it (by another client). */
    static Quota fixedWindow(int limit, long windowNanos, long phaseNanos, boolean spent) {
        return new Quota() {
            private long index = spent ? window(0) : Long.MIN_VALUE;
            private long used = spent ? limit : 0;

            @Override
            public long take(long t) {
                long i = window(t);
                if (i != index) {
                    index = i;
                    used = 0;
                }
                if (used < limit) {
                    used++;
                    return 0;
                }
                long toReset = (i + 1) * windowNanos + phaseNanos - t;
                return Math.max(1, (toReset + SECOND - 1) / SECOND); // whole seconds, rounded up, as servers do
            }

            @Override
            public long window(long t) {
                return Math.floorDiv(t - phaseNanos, windowNanos);
            }
        };
    }

    /** A token bucket refilled at {@code perSecond}, holding {@code burst} (the test server's --quota: a second's worth). */
    static Quota tokenBucket(double perSecond, double burst) {
        return new Quota() {
            private double tokens = burst;
            private long last;

            @Override
            public long take(long t) {
                tokens = Math.min(burst, tokens + (t - last) / 1e9 * perSecond);
                last = t;
                if (tokens >= 1) {
                    tokens -= 1;
                    return 0;
                }
                return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
            }

            @Override
            public long window(long t) {
                return t / SECOND;
            }
        };
    }

    /**
     * How the machine behaves: each leg of a round trip takes {@code legMs} plus up to as much again, one in
     * {@code spikeEvery} legs (0: none) up to {@code spikeMs} more, and the client sends one request at a time,
     * each taking {@code sendMs} (a busy client sends its first burst over a while).
     */
    record Machine(double legMs, int spikeEvery, double spikeMs, double sendMs) {
        static final Machine IDLE = new Machine(0.5, 0, 0, 0);
        static final Machine LOADED = new Machine(1, 20, 40, 3);
        static final Machine BURSTY = new Machine(1, 20, 20, 0.5);
    }

    /**
     * What a run came to. Refusals are split by when their request was sent: before the client had learned a
     * rate (blind: the first burst, sent before anything was known) or after, the latter counted per window.
     */
    record Result(long wallNanos, int answered, long blindRefusals, TreeMap<Long, Integer> laterRefusals, String learned) {
        double wallSeconds() {
            return wallNanos / 1e9;
        }

        int mostInAWindow() {
            return laterRefusals.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        long later() {
            return laterRefusals.values().stream().mapToLong(Integer::longValue).sum();
        }

        @Override
        public String toString() {
            return String.format("wall %.2f s, %d answered, %d refusals sent blind, later %s; %s", wallSeconds(),
                    answered, blindRefusals, laterRefusals, learned);
        }
    }

    /** Runs {@code n} requests at concurrency {@code c} to one host with this quota, on this machine. */
    static Result run(Quota quota, Machine machine, int n, int c, long seed) {
        DispatcherTest.FakeTime time = new DispatcherTest.FakeTime();
        Random random = new Random(seed);
        long t0 = time.now();
        int[] answered = {0};
        long[] blind = {0};
        long[] lastAnswer = {t0};
        boolean[] learned = {false};
        long[] busyUntil = {t0};
        TreeMap<Long, Integer> later = new TreeMap<>();
        Dispatcher[] dispatcher = new Dispatcher[1];
        Dispatcher.Listener listener = new Dispatcher.Listener() {
            @Override
            public void start(Call call) {
                long sentAt = time.now();
                learned[0] = learned[0] || String.join("", dispatcher[0].quotas().values()).contains("learned");
                boolean sentBlind = !learned[0];
                busyUntil[0] = Math.max(busyUntil[0], sentAt) + (long) (machine.sendMs() * MS);
                time.schedule(() -> arrive(call, sentAt, sentBlind), busyUntil[0] - sentAt + leg());
            }

            private void arrive(Call call, long sentAt, boolean sentBlind) {
                long retryAfter = quota.take(time.now() - t0);
                if (retryAfter > 0 && sentBlind) {
                    blind[0]++;
                } else if (retryAfter > 0) {
                    later.merge(quota.window(time.now() - t0), 1, Integer::sum);
                }
                time.schedule(() -> answer(call, sentAt, retryAfter), leg());
            }

            private void answer(Call call, long sentAt, long retryAfter) {
                long elapsed = time.now() - sentAt;
                if (retryAfter == 0) {
                    dispatcher[0].finished(call, outcome(call, 200, elapsed));
                    answered[0]++;
                    lastAnswer[0] = time.now();
                    return;
                }
                dispatcher[0].finished(call, outcome(call, 429, elapsed, "Retry-After", Long.toString(retryAfter)));
                time.schedule(() -> dispatcher[0].enqueue(call), retryAfter * SECOND);
            }

            private long leg() {
                double ms = machine.legMs() * (1 + random.nextDouble());
                if (machine.spikeEvery() > 0 && random.nextInt(machine.spikeEvery()) == 0) {
                    ms += machine.spikeMs() * random.nextDouble();
                }
                return (long) (ms * MS);
            }

            @Override
            public void unreachable(Call call, FailureKind kind, String message) {
                throw new AssertionError(message);
            }
        };
        dispatcher[0] = new Dispatcher(Fanout.builder().concurrency(c).config(), listener, time, time::now);
        for (int i = 0; i < n; i++) {
            dispatcher[0].enqueue(call("http://quota.test/" + i));
        }
        long end = t0 + 300 * SECOND;
        while (answered[0] < n && time.now() < end) {
            time.advance(10 * MS);
        }
        return new Result(lastAnswer[0] - t0, answered[0], blind[0], later, String.join("; ", dispatcher[0].quotas().values()));
    }

    private static Call call(String url) {
        try {
            return new Call(Request.get(url), 0, Url.parse(url), Reach.inputs(Bounds.OPEN, BlockedNetworks.of(List.of())), o -> { });
        } catch (Exception e) {
            throw new IllegalArgumentException(url, e);
        }
    }

    private static Outcome outcome(Call call, int status, long elapsed, String... headers) {
        return Outcome.builder(call.request()).status(status).headers(Headers.of(headers)).elapsedNanos(elapsed).build();
    }

    /** Runs of the same quota and machine at evenly spread phases of its windows. */
    static List<Result> runs(int count, java.util.function.LongFunction<Quota> quotaAtPhase, Machine machine, int n, int c) {
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(run(quotaAtPhase.apply(SECOND * i / count), machine, n, c, i));
        }
        return out;
    }
}
