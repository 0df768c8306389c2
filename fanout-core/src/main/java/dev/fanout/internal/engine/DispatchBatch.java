package dev.fanout.internal.engine;

import dev.fanout.FailureKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls to start and calls to fail, collected by the {@link Dispatcher} under its lock and acted on outside
 * it ({@link #run}), on the thread that made the batch. Owns only its lists; one per dispatcher operation,
 * confined to that thread, never shared.
 */
final class DispatchBatch {
    private Object starts;
    private List<Object[]> failures;

    @SuppressWarnings("unchecked")
    void start(Call call) {
        if (starts == null) {
            starts = call;
        } else if (starts instanceof Call first) {
            List<Call> list = new ArrayList<>(4);
            list.add(first);
            list.add(call);
            starts = list;
        } else {
            ((List<Call>) starts).add(call);
        }
    }

    void fail(Call call, FailureKind kind, String message) {
        if (failures == null) {
            failures = new ArrayList<>();
        }
        failures.add(new Object[]{call, kind, message});
    }

    @SuppressWarnings("unchecked")
    void run(Dispatcher.Listener listener) {
        if (starts instanceof Call call) {
            listener.start(call);
        } else if (starts != null) {
            for (Call call : (List<Call>) starts) {
                listener.start(call);
            }
        }
        if (failures != null) {
            for (Object[] f : failures) {
                listener.unreachable((Call) f[0], (FailureKind) f[1], (String) f[2]);
            }
        }
    }
}
