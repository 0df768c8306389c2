package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import dev.fanout.Request;
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

import java.util.Iterator;
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

    /** One record to write: the outcome and what was taken from it (null when nothing is extracted). */
    record Row(Outcome outcome, Extraction extraction) {
    }

    /** The -e field names, in order: the records' field columns. */
    List<String> fieldNames() {
        return extractor.fields().stream().map(Field::name).toList();
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
        return new Rows(outcomes.map(o -> new Row(o, extractor.isEmpty() ? null : extractor.extract(o))), () -> null);
    }

    /** A crawl's visit: fields from any response, follows from 2xx responses only. */
    private Row visit(Outcome o, Frontier frontier) {
        Body body = o.hasResponse() ? Body.of(o) : null;
        Extraction fields = extractor.extract(body, o.isSuccessful());
        String error = fields.error();
        if (body != null && o.isSuccessful()) {
            for (Follow f : follows) {
                if (body.isEmpty() && !f.expression().readsHeaders()) {
                    continue; // link: and header: read no body
                }
                try {
                    f.apply(body, o.request(), frontier);
                } catch (ExtractException e) {
                    String message = "follow " + f.expression() + ": " + e.getMessage();
                    if (error == null || !error.contains(e.getMessage())) {
                        error = error == null ? message : error + "; " + message;
                    }
                }
            }
        }
        return new Row(o, error == fields.error() ? fields : new Extraction(fields.fields(), error));
    }
}
