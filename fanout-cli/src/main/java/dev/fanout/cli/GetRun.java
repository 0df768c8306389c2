package dev.fanout.cli;

import dev.fanout.ClientStats;
import dev.fanout.Outcome;
import dev.fanout.cli.report.Failed;
import dev.fanout.cli.report.Fmt;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.CrawlStats;
import dev.fanout.extract.Extraction;
import dev.fanout.internal.IoReasons;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import dev.fanout.sink.BodyFiles;
import dev.fanout.sink.Format;
import dev.fanout.sink.RecordColumn;
import dev.fanout.sink.RecordShape;
import dev.fanout.sink.RecordSink;
import dev.fanout.sink.SqliteSink;
import dev.fanout.source.RequestSource;
import dev.fanout.stats.RunStats;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One {@code fanout get} run once everything was checked and claimed: the records written as outcomes arrive,
 * flushed every 100 ms, the job committed, the summary printed — or, when the run is stopped ({@link RunStop}: a
 * signal, a closed pipe, a failed write), sending stopped, what had arrived written and committed, and the way to
 * resume said.
 */
final class GetRun {
    /** What the run needs from the command line. */
    record Settings(String output, String jobFile, boolean quiet, boolean showProgress, boolean ordered, boolean body,
                    List<String> originalArgs, CookieOptions cookies, dev.fanout.Redaction redaction) {
    }

    private final Io io;
    private final Settings settings;
    private final RunStop stop;

    GetRun(Io io, Settings settings) {
        this.io = io;
        this.settings = settings;
        this.stop = new RunStop(io.err());
    }

    /** Whether the run was stopped before its inputs were done (a signal, a closed pipe, a failed write). */
    boolean stopped() {
        return stop.stopped();
    }

    int run(Fanout.Builder builder, RequestSource source, Harvest harvest, BodyFiles files, Format fmt, OutputFile file,
            Job job, JobOutput jobOutput) {
        OutputStream out;
        try {
            out = fmt == Format.SQLITE ? null : jobOutput != null ? jobOutput.stream(stop::writeFailed)
                    : file != null ? file.stream(stop::writeFailed) : OutputFile.stdout(io.out(), stop::writeFailed);
        } catch (IOException e) {
            io.err().println("fanout get: -o " + settings.output() + ": cannot write the file: " + IoReasons.of(e));
            return ExitCode.USAGE;
        }
        RunStats stats = new RunStats();
        RecordShape shape = RecordShape.of(source.paramNames(), harvest.fieldNames()).with(harvest.items(), RecordColumn.ITEM)
                .with(builder.config().proxy().enabled(), RecordColumn.PROXY).with(harvest.extracts(), RecordColumn.EXTRACT_ERROR)
                .with(harvest.crawls(), RecordColumn.DEPTH, RecordColumn.PARENT).with(files != null, RecordColumn.SAVED)
                .with(settings.body(), RecordColumn.BODY).withRedaction(settings.redaction());
        // a crawl's total is not known until it ends
        long skipped = job == null ? 0 : job.doneAtStart();
        LongSupplier total = harvest.crawls() ? () -> -1 : () -> {
            long t = source.expectedTotal();
            return t < 0 ? t : Math.max(0, t - skipped);
        };
        Fanout fanout = builder.build();
        Object closing = new Object();
        boolean[] closed = {false};
        Consumer<Boolean> endClient = forExit -> {
            synchronized (closing) { // once, whether the stop or the end of the run comes first
                if (!closed[0]) {
                    closed[0] = true;
                    if (forExit) {
                        fanout.closeForExit();
                    } else {
                        fanout.close();
                    }
                }
            }
        };
        Runnable closeClient = () -> endClient.accept(false);
        stop.onStop(closeClient);
        stop.install();
        ClientStats clientStats;
        CrawlStats crawlStats;
        try (RecordSink sink = fmt == Format.SQLITE ? new SqliteSink(Path.of(settings.output()), shape, job == null ? null : job::isDone)
                     : fmt.open(out, shape, jobOutput == null || !jobOutput.continuing());
             Progress bar = Progress.startIf(settings.showProgress(), io, stats, total, fanout::retryWaits, "")) {
            Thread hook = flushOnShutdown(sink, stats);
            ScheduledExecutorService flusher = flushEvery100ms(sink);
            if (jobOutput != null) {
                jobOutput.attach(sink);
            }
            try (Harvest.Rows rows = harvest.start(fanout, stop.guard(source), settings.ordered(), job)) {
                try (RunStop.Drain<Harvest.Row> drain = stop.drain(rows.iterator())) {
                    writeAll(drain, sink, files, stats, jobOutput);
                }
                if (jobOutput != null) {
                    jobOutput.commit();
                }
                crawlStats = rows.crawlStats().get();
            } finally {
                stopFlushing(flusher);
                ExitHooks.remove(hook);
            }
            stats.finish();
            clientStats = fanout.stats();
            if (bar != null) {
                bar.close();
            }
        } catch (IOException e) {
            return writeFailed(e, stats);
        } catch (UncheckedIOException e) {
            io.err().println("fanout: " + e.getMessage());
            return ExitCode.IO_ERROR;
        } catch (JobException | JobException.Unchecked e) {
            io.err().println("fanout: " + JobMessages.of(e));
            return ExitCode.IO_ERROR;
        } finally {
            stop.uninstall();
            // the output is complete here: what is left of the client is its connections, which a process about to
            // exit leaves to the operating system (after a stop the orderly close has run already)
            endClient.accept(io.endsProcess());
        }
        if (stop.cause() == RunStop.Cause.WRITE_FAILED || stop.cause() == RunStop.Cause.OUTPUT_CLOSED) {
            return writeFailed(stop.writeError(), stats); // failed in the background flush, and no later write met it
        }
        if (!settings.quiet()) {
            Summary.print(io.err(), stats, clientStats, crawlStats);
            if (job != null) {
                io.err().println(Failed.jobLine(settings.jobFile(), job, skipped, stats.done(), harvest.crawls()));
            }
        }
        if (!settings.cookies().save(settings.quiet() ? null : io.err(), io.err())) {
            return ExitCode.IO_ERROR;
        }
        RunStop.Cause cause = stop.cause();
        if (cause != null) {
            stopped(cause, stats, job);
            return cause.exitCode;
        }
        return stats.failed() > 0 ? ExitCode.SOME_FAILED : ExitCode.OK;
    }

    /** The output failed: a closed standard output ends the run quietly, anything else names the file and why. */
    private int writeFailed(IOException e, RunStats stats) {
        if (stop.cause() == RunStop.Cause.OUTPUT_CLOSED || (settings.output() == null && RunStop.isBrokenPipe(e))) {
            if (!settings.quiet()) {
                io.err().println("fanout: standard output was closed: stopped sending");
            }
            return ExitCode.OUTPUT_CLOSED;
        }
        String what = settings.output() == null || settings.output().equals("-") ? "standard output" : settings.output();
        io.err().println("fanout: error writing " + what + ": " + IoReasons.of(e));
        return ExitCode.IO_ERROR;
    }

    /** Says why a signal stopped the run and, for a job, how to go on. */
    private void stopped(RunStop.Cause cause, RunStats stats, Job job) {
        io.err().println("fanout: " + cause.description + ": stopped sending after " + Fmt.count(stats.done()) + " records"
                + (job == null ? "" : ", all committed to the job " + settings.jobFile()));
        if (job != null) {
            io.err().println("  to continue (requests that were in flight run again): " + Shell.command("fanout", settings.originalArgs()));
        } else {
            io.err().println("  the inputs not written were not done; with --job FILE a run can be continued");
        }
    }

    private void writeAll(Iterator<Harvest.Row> rows, RecordSink sink, BodyFiles files, RunStats stats, JobOutput jobOutput)
            throws IOException, JobException {
        while (rows.hasNext()) {
            Harvest.Row row = rows.next();
            Outcome outcome = row.outcome();
            if (stop.stopped() && !outcome.hasResponse()) {
                continue; // cut short by the stop (cancelled, or its connection closed): not done, runs again
            }
            if (files != null && BodyFiles.isSaveFailure(outcome.failure())) {
                // the disk's fault, not the server's: the run stops as on any error writing its results
                throw new UncheckedIOException(outcome.failure().message(), new IOException(outcome.failure().message()));
            }
            Path saved = files == null ? null : files.save(outcome);
            synchronized (sink) { // an outcome's records (one per item with --each) are written together
                for (Extraction extraction : row.extractions()) {
                    sink.write(outcome, extraction, saved == null ? null : saved.toString());
                }
            }
            if (jobOutput != null) {
                jobOutput.recorded(outcome, row.extractions().size());
            }
            stats.record(outcome);
        }
    }

    /**
     * Flushes the records written so far every 100 ms, so that they come out as they complete even while the
     * run waits for slow requests, without a flush (a system call) per record. A failed flush stops the run.
     */
    private ScheduledExecutorService flushEvery100ms(RecordSink sink) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fanout-flush");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            synchronized (sink) {
                try {
                    sink.flush();
                } catch (IOException e) {
                    stop.writeFailed(e); // the writing thread meets the same error next and reports it
                }
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        return timer;
    }

    /**
     * Stops the 100 ms flusher and waits for a flush under way: one that ran after the sink closed would fail
     * with "Stream closed" and stop a run that had written everything (seen in a resumed --each job).
     */
    private static void stopFlushing(ScheduledExecutorService flusher) {
        // not shutdownNow: an interrupt during a write to a file channel closes the channel
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the flush of the records did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On another shutdown (SIGHUP, say), records already written are flushed so that none is lost from the output. */
    private Thread flushOnShutdown(RecordSink sink, RunStats stats) {
        Thread hook = new Thread(() -> {
            synchronized (sink) {
                try {
                    sink.flush();
                } catch (IOException ignored) {
                    // the process is ending
                }
            }
            io.err().println("\nfanout: ended after " + Fmt.count(stats.done()) + " records");
        });
        return ExitHooks.add(hook) ? hook : null;
    }

}
