package dev.fanout.examples;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A durable job with an output of one's own: a line per outcome appended to a file, committed once the file
 * has them. Run it again after a crash and only what was not committed runs.
 */
public final class JobExample {
    private final Path out;

    public JobExample(Path out) {
        this.out = out;
    }

    /** Runs the job whose journal is {@code dir/run.job}; returns how many inputs were fetched by this run. */
    public long run(Fanout fanout, Path dir, List<Request> requests) throws JobException {
        long fetched = 0;
        // region job
        try (Job job = Job.open(dir.resolve("run.job"), "my-run v1", false);
             Stream<Outcome> s = job.stream(fanout, requests.iterator())) {   // only inputs not done; index = position
            for (Outcome o : (Iterable<Outcome>) s::iterator) {
                store(o);
                job.recorded(o);
                fetched++;
            }
            job.commit(0);                                       // after your store has them: now they are done
        }
        // endregion
        return fetched;
    }

    private void store(Outcome o) {
        try {
            Files.writeString(out, o.index() + " " + o.status() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
