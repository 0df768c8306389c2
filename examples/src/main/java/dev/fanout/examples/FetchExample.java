package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The README's first library example: one request, a list in input order, a stream as completed.
 * {@code base} is the API's origin, e.g. {@code https://api.example.com}.
 */
public final class FetchExample {
    private FetchExample() {
    }

    public static void run(String base) {
        // region fetch
        try (Fanout fanout = Fanout.builder().concurrency(500).perHost(50).timeout(Duration.ofSeconds(10)).build()) {
            Outcome one = fanout.fetch(Request.get(base + "/items/1")).join();
            System.out.println(one.status() + " " + one.bodyText());

            List<Request> requests = IntStream.rangeClosed(1, 100).mapToObj(i -> Request.get(base + "/items/" + i)).toList();
            List<Outcome> all = fanout.fetchAll(requests);               // input order, like asyncio.gather
            System.out.println(all.getLast().request().url() + " " + all.getLast().status());

            try (Stream<Outcome> s = fanout.stream(requests.iterator())) { // as completed, bounded memory
                s.forEach(o -> System.out.println(o.status() + " " + o.request().url()));
            }
        }
        // endregion
    }

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    }
}
