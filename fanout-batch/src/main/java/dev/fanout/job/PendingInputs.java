package dev.fanout.job;

import dev.fanout.Request;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.internal.Lookahead;
import dev.fanout.internal.job.Ledger;
import dev.fanout.internal.job.Yields;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * The inputs of a job that are not done, in order: each done one is skipped after checking that it is the request
 * the job recorded at its place (else {@link JobException.Unchecked}, {@link JobException.Reason#INPUTS_CHANGED}).
 * A plain run notes each input handed out in {@link Yields}; a crawl's {@link CrawlFrontier} learns every input's
 * headers and is told which input the crawl pulls next. Read by the client's feeder thread.
 */
final class PendingInputs extends Lookahead<Request> {
    private final Iterator<? extends Request> inputs;
    private final Ledger ledger;
    private final Path file;
    private final Yields yields;
    private final CrawlFrontier frontier;
    private int place = -1;

    /** {@code frontier} is the crawl's, or null for a plain run. */
    public PendingInputs(Iterator<? extends Request> inputs, Ledger ledger, Path file, Yields yields, CrawlFrontier frontier) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.file = file;
        this.yields = yields;
        this.frontier = frontier;
    }

    @Override
    protected Request computeNext() {
        while (inputs.hasNext()) {
            Request r = inputs.next();
            place++;
            if (frontier != null) {
                frontier.inputRead(r);
            }
            if (!ledger.isInputDone(place)) {
                return r;
            }
            if (CrawlJournal.fingerprint(r) != ledger.inputFingerprint(place)) {
                throw new JobException.Unchecked(new JobException(JobException.Reason.INPUTS_CHANGED, file,
                        "input " + (place + 1) + " (" + r.url() + ") is not the request the job " + file
                                + " recorded there: the request source gives other requests than when the job started"));
            }
        }
        return endOfData();
    }

    @Override
    protected void onNext(Request r) {
        if (frontier != null) {
            frontier.inputTaken(place); // the crawl says when the client takes it
        } else {
            yields.input(place);
        }
    }
}
