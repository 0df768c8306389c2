package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.extract.Expression;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Extractor;
import dev.fanout.extract.Field;

import java.util.List;

/** Fields from every item of a response, as {@code --each} does. */
public final class ExtractExample {
    private ExtractExample() {
    }

    public static void run(Outcome outcome) {
        // region extract
        Extractor places = new Extractor(List.of(Field.parse("name=@.name"), Field.parse("rating=@.rating")))
                .each(Expression.parse("$.results[*]"));
        for (Extraction e : places.items(outcome)) {   // at least one: a failure or an empty page gives one, item null
            System.out.println(e.item() + " " + e.fields() + (e.error() == null ? "" : " " + e.error()));
        }
        // endregion
    }
}
