package dev.fanout.job;

import dev.fanout.Headers;
import dev.fanout.Request;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.internal.job.HeaderDigests;
import dev.fanout.internal.job.Journal;
import dev.fanout.internal.job.Ledger;
import dev.fanout.internal.job.LongList;
import dev.fanout.internal.job.Yields;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's side of its crawl: keeps each request the crawl finds in the journal (committed with the record of the
 * visit that found it), gives back on a rerun the found requests not done, and numbers what joins the crawl.
 * Found requests keep their headers as digests only ({@link HeaderDigests}), their values given back from the
 * inputs' headers. A crawl's requests take positions in the order they join it: a found one when found, an input
 * when its outcome is positioned.
 *
 * <p>Threads: the feeder reads inputs ({@link #inputRead}, {@link #inputTaken}) and pulls ({@link #pulledInput}, {@link #pulledFound});
 * the consumer finds, positions and records; the crawl calls the {@link CrawlJournal} methods with its frontier
 * lock held.
 */
final class CrawlFrontier implements CrawlJournal {
    private final Journal journal;
    private final Path file;
    private final Yields yields;
    private final HeaderDigests headerDigests = new HeaderDigests();
    private final List<Journal.Found> undone = new ArrayList<>();
    private final LongList joinedFingerprints = new LongList();
    /** The next position (inputs and found requests alike); consuming thread. */
    private long nextPosition;
    /** Inputs positioned and not yet recorded: position → place in the input sequence. */
    private final Map<Long, Long> inputPlaces = new HashMap<>();
    /** The place of the input the feeder read last. */
    private long lastPlace = -1;

    /** The frontier of the crawl whose requests so far {@code ledger} and {@code journal} hold. */
    public CrawlFrontier(Journal journal, Ledger ledger, Path file, Yields yields) throws JobException {
        this.journal = journal;
        this.file = file;
        this.yields = yields;
        this.nextPosition = ledger.nextPosition();
        // every request joined: the inputs done and all found ones
        for (long fp : ledger.doneInputFingerprints()) {
            joinedFingerprints.add(fp);
        }
        try {
            journal.forEachFound(f -> {
                joinedFingerprints.add(f.fingerprint());
                if (!ledger.isDone(f.id())) {
                    undone.add(f);
                }
            });
        } catch (SQLException e) {
            throw new JobException(JobException.Reason.UNUSABLE, file, e.getMessage());
        }
    }

    /** The feeder read an input (done or not), whose headers found requests may take theirs from. */
    public void inputRead(Request input) {
        headerDigests.learn(input.headers());
    }

    /** The feeder handed the input at {@code place} to the crawl, which pulls it next. */
    public void inputTaken(long place) {
        lastPlace = place;
    }

    /** An input's outcome (the input at {@code place}) arrived: it takes the next position. */
    public long positionInput(long place) {
        long position = nextPosition++;
        inputPlaces.put(position, place);
        return position;
    }

    /** The place of the input positioned at {@code position}, or {@link Journal#FOUND}; asked once per outcome. */
    public long placeOf(long position) {
        Long place = inputPlaces.remove(position);
        return place == null ? Journal.FOUND : place;
    }

    @Override
    public long[] joined() {
        return joinedFingerprints.toArray();
    }

    @Override
    public long found(Request request, long fingerprint) {
        long position = nextPosition++;
        List<String> params = new ArrayList<>(request.params().size() * 2);
        request.params().forEach((k, v) -> {
            params.add(k);
            params.add(v);
        });
        try {
            journal.addFound(new Journal.Found(position, fingerprint, request.method(), request.url(),
                    headerDigests.encode(request.headers()), request.body(), params, request.depth(), request.parent()));
        } catch (SQLException e) {
            throw new JobException.Unchecked(new JobException(JobException.Reason.UNUSABLE, file,
                    "cannot keep a found request (" + e.getMessage() + ")"));
        }
        return position;
    }

    @Override
    public void pulledInput() {
        yields.input(lastPlace);
    }

    @Override
    public void pulledFound(long number) {
        yields.found(number);
    }

    @Override
    public List<Joined> resumed() {
        List<Joined> again = new ArrayList<>(undone.size());
        for (Journal.Found f : undone) {
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i + 1 < f.params().size(); i += 2) {
                params.put(f.params().get(i), f.params().get(i + 1));
            }
            Headers headers;
            try {
                headers = headerDigests.decode(f.headers(), f.url());
            } catch (IllegalStateException e) {
                throw new JobException.Unchecked(new JobException(JobException.Reason.INPUTS_CHANGED, file,
                        "the job " + file + ": " + e.getMessage()));
            }
            again.add(new Joined(new Request(f.method(), f.url(), headers, f.body(), params, f.depth(), f.parent()), f.id()));
        }
        undone.clear();
        return again;
    }
}
