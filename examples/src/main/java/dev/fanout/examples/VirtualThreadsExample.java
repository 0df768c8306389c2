package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One shared client, called from many virtual threads that each block on their own request. */
public final class VirtualThreadsExample {
    private VirtualThreadsExample() {
    }

    /** Fetches {@code base + "/items/1.." + n}, one virtual thread per request; returns how many answered 200. */
    public static long run(Fanout fanout, String base, int n) throws InterruptedException, ExecutionException {
        // region virtual-threads
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> calls = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Request r = Request.get(base + "/items/" + i);
                calls.add(callers.submit(() -> fanout.fetch(r).join()));   // blocks this virtual thread only
            }
            long ok = 0;
            for (Future<Outcome> call : calls) {
                ok += call.get().status() == 200 ? 1 : 0;
            }
            return ok;
        }
        // endregion
    }
}
