package dev.fanout.spark;

import dev.fanout.client.Fanout;

import java.util.function.Supplier;

/**
 * One client per executor JVM, shared by all the tasks of a job that run there, so that an executor's
 * connections, event loops and per-host limits are one. A task leases it and gives it back when it ends;
 * a client is closed when a task of another job needs one and nobody uses it any more, or when the JVM exits.
 */
final class SharedClient {
    private static String key;
    private static Fanout client;
    private static int users;
    private static boolean hooked;

    private SharedClient() {
    }

    /** The client for job {@code jobKey}, made by {@code make} when this JVM has none for it yet. */
    static synchronized Fanout lease(String jobKey, Supplier<Fanout> make) {
        if (client != null && !key.equals(jobKey) && users == 0) {
            client.close();
            client = null;
        }
        if (client == null) {
            client = make.get();
            key = jobKey;
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(SharedClient::closeAll, "fanout-spark-close"));
            }
        } else if (!key.equals(jobKey)) {
            // two jobs at once in one JVM: each keeps its own limits, so the newcomer gets a client of its own
            return make.get();
        }
        users++;
        return client;
    }

    /** Gives back a client from {@link #lease}; one that was not the shared one is closed. */
    static synchronized void release(Fanout leased) {
        if (leased == client) {
            users--;
        } else {
            leased.close();
        }
    }

    private static synchronized void closeAll() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
