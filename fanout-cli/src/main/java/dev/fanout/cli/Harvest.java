package dev.fanout.cli;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStats;
import dev.fanout.crawl.Follow;
import dev.fanout.crawl.Frontier;
import dev.fanout.extract.Body;
import dev.fanout.extract.ExtractException;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Extractor;
import dev.fanout.extract.Field;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import dev.fanout.source.RequestSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What {@code fanout get} takes from each response: the {@code -e} fields and, with {@code --follow}, the new
 * requests — so that one body is read once for both. Without {@code --follow} a run is a plain stream whose
 * outcomes get their fields; with it, a {@link Crawl}.
 */
final class Harvest {
    private final Extractor extractor;
    private final List<Follow> follows;
    private final CrawlRules rules;

    Harvest(Extractor extractor, List<Follow> follows, CrawlRules rules) {
        this.extractor = extractor;
        this.follows = List.copyOf(follows);
        this.rules = rules;
    }

    /**
     * The records of one outcome: what was taken from it, one extraction per item with {@code --each}, else
     * one (null when nothing is extracted). Written together and committed together.
     */
    record Row(Outcome outcome, List<Extraction> extractions) {
        static Row of(Outcome outcome, Extraction extraction) {
            return new Row(outcome, Collections.singletonList(extraction));
        }
    }

    /** The -e field names, in order: the records' field columns. */
    List<String> fieldNames() {
        return extractor.fields().stream().map(Field::name).toList();
    }

    /** Whether a response gives a record per item ({@code --each}). */
    boolean items() {
        return extractor.each() != null;
    }

    boolean crawls() {
        return !follows.isEmpty();
    }

    boolean extracts() {
        return !extractor.isEmpty() || crawls();
    }

    /**
     * The rows of a run, as they complete (or in input order); close to stop.
     *
     * @param crawlStats the crawl's frontier counts so far, or null when the run does not crawl
     */
    record Rows(Stream<Row> stream, Supplier<CrawlStats> crawlStats) implements AutoCloseable {
        Iterator<Row> iterator() {
            return stream.iterator();
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    Rows start(Fanout fanout, Iterator<Request> source, boolean ordered, Job job) throws JobException {
        if (crawls()) {
            Crawl<Row> crawl = job == null ? fanout.crawl(source, rules, this::visit, ordered)
                    : job.crawl(fanout, source, rules, this::visit, ordered);
            return new Rows(crawl.stream(), crawl::stats);
        }
        Stream<Outcome> outcomes = job == null ? fanout.stream(source, ordered)
                : fanout.stream(job.pending(source), ordered).map(job::positioned);
        return new Rows(outcomes.map(o -> extractor.isEmpty() ? Row.of(o, null)
                : new Row(o, withinMemory(o, () -> extractor.items(o)))), () -> null);
    }

    /**
     * Runs an extraction; if the heap runs out while it parses the body (its tree can be several times the
     * body's size), the record still comes, its fields null and extract_error saying so.
     */
    private List<Extraction> withinMemory(Outcome o, Supplier<List<Extraction>> extraction) {
        try {
            return extraction.get();
        } catch (OutOfMemoryError e) {
            Map<String, Object> nulls = new LinkedHashMap<>();
            fieldNames().forEach(n -> nulls.put(n, null));
            return List.of(new Extraction(nulls, "not enough memory to read the body (" + o.body().length
                    + " bytes; the Java heap is " + Runtime.getRuntime().maxMemory() + " bytes): lower --max-memory or -c,"
                    + " or give Java more (FANOUT_JAVA_OPTS=-Xmx2g)"));
        }
    }

    /** A crawl's visit: fields (of each item) from any response, follows from 2xx responses only. */
    private Row visit(Outcome o, Frontier frontier) {
        Body body = o.hasResponse() ? Body.of(o) : null;
        List<Extraction> items = withinMemory(o, () -> extractor.items(body, o.isSuccessful()));
        List<String[]> failed = null; // what went wrong, and how to say it in the record, per follow that failed
        if (body != null && o.isSuccessful()) {
            for (Follow f : follows) {
                if (body.isEmpty() && !f.expression().readsHeaders()) {
                    continue; // link: and header: read no body
                }
                try {
                    f.apply(body, o.request(), frontier);
                } catch (ExtractException e) {
                    failed = failed == null ? new ArrayList<>() : failed;
                    failed.add(new String[] {e.getMessage(), "follow " + f.expression() + ": " + e.getMessage()});
                }
            }
        }
        if (failed == null) {
            return new Row(o, items);
        }
        List<Extraction> withErrors = new ArrayList<>(items.size());
        for (Extraction x : items) { // a follow that failed is the response's, so every record of it says so
            String error = x.error();
            for (String[] f : failed) {
                if (error == null || !error.contains(f[0])) { // a body that is not JSON is said once
                    error = error == null ? f[1] : error + "; " + f[1];
                }
            }
            withErrors.add(new Extraction(x.fields(), error, x.item()));
        }
        return new Row(o, withErrors);
    }
}
