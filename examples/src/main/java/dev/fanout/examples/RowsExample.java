package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.client.Fanout;
import dev.fanout.source.RequestSource;
import dev.fanout.source.RequestSources;
import dev.fanout.source.RowSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One request per row of a table, every column riding along into the outcome, as {@code -i places.csv} does. */
public final class RowsExample {
    private RowsExample() {
    }

    public static void run(Fanout fanout, String base, Path csv) throws Exception {
        // region rows
        RowSource rows = RowSource.read(csv, RowSource.Format.CSV);   // or RowSource.of(columns, maps)
        RequestSource requests = RequestSources.build(new RequestSources.Spec("GET",
                List.of(base + "/items/{id}"), List.of(), null, List.of(), null).withRows(rows));
        try (requests; Stream<Outcome> s = fanout.stream(requests)) {
            s.forEach(o -> System.out.println(o.request().params().get("id") + " " + o.request().params().get("name")
                    + " " + o.status()));   // every column rides along
        }
        // endregion
    }
}
