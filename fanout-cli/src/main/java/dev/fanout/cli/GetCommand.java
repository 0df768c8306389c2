package dev.fanout.cli;

import dev.fanout.Redaction;
import dev.fanout.client.Fanout;
import dev.fanout.internal.IoReasons;
import dev.fanout.job.Job;
import dev.fanout.job.JobException;
import dev.fanout.sink.BodyFiles;
import dev.fanout.sink.Format;
import dev.fanout.source.Param;
import dev.fanout.source.RequestSource;
import dev.fanout.source.RequestSources;
import dev.fanout.source.Secrets;
import dev.fanout.source.ValueSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static dev.fanout.cli.GetOptionTable.BODY;
import static dev.fanout.cli.GetOptionTable.CONCURRENCY;
import static dev.fanout.cli.GetOptionTable.DATA;
import static dev.fanout.cli.GetOptionTable.FORCE;
import static dev.fanout.cli.GetOptionTable.FORMAT;
import static dev.fanout.cli.GetOptionTable.HEADER;
import static dev.fanout.cli.GetOptionTable.INPUT;
import static dev.fanout.cli.GetOptionTable.INPUT_FORMAT;
import static dev.fanout.cli.GetOptionTable.JOB;
import static dev.fanout.cli.GetOptionTable.METHOD;
import static dev.fanout.cli.GetOptionTable.ORDERED;
import static dev.fanout.cli.GetOptionTable.OUTPUT_FILE;
import static dev.fanout.cli.GetOptionTable.PARAM;
import static dev.fanout.cli.GetOptionTable.PROGRESS;
import static dev.fanout.cli.GetOptionTable.QUIET;
import static dev.fanout.cli.GetOptionTable.REDACT;
import static dev.fanout.cli.GetOptionTable.RETRY_FAILED;
import static dev.fanout.cli.GetOptionTable.SAVE_DIR;

/**
 * {@code fanout get}: the bulk job. Every input yields exactly one record.
 *
 * <p>Its picocli model is built in code from {@link GetOptionTable} ({@link #spec(Io)}) rather than from
 * annotations: this command is on the start path of every bulk run, and reflecting over annotated fields measured
 * ~80 ms of start-up. A run reads each option's value from the parse with {@link GetOption#in}.
 */
final class GetCommand implements Callable<Integer> {
    private final Io io;
    private CommandSpec spec;
    private ParseResult parsed;
    /** What the run masks in the URLs and messages it writes. */
    private Redaction redaction = Redaction.DEFAULT;
    /** Whether some input is read from standard input (set by {@link #sourceSpec()}). */
    private boolean readsStdin;

    /** The command's picocli model, bound to a new command that talks through {@code io}. */
    static CommandSpec spec(Io io) {
        GetCommand cmd = new GetCommand(io);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(cmd).name("get");
        // the help means ${ENV} as written; and picocli would otherwise re-read every option's names at every
        // lookup to expand variables none of them has (~4 ms of a 200-request run)
        spec.interpolateVariables(false);
        cmd.spec = spec;
        spec.usageMessage()
                .sortOptions(false)
                .description("Make many HTTP requests concurrently and write one record per input.",
                        "",
                        "Inputs: URLs as arguments; -i FILE (one per line, - = stdin); or one URL",
                        "template with {name} placeholders filled by -p (several -p give every",
                        "combination) or {} filled by each input line. With no URL arguments and",
                        "no -i, URLs are read from standard input.");
        spec.addPositional(GetOptionTable.urlsSpec());
        for (GetOption<?> option : GetOptionTable.ALL) {
            spec.addOption(option.spec());
        }
        spec.versionProvider(new FanoutCommand.VersionProvider());
        GetHelp.install(spec);
        return spec;
    }

    GetCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        parsed = spec.commandLine().getParseResult();
        String output = OUTPUT_FILE.in(parsed);
        String jobFile = JOB.in(parsed);
        boolean quiet = QUIET.in(parsed);
        CookieOptions cookies = new CookieOptions(parsed);
        RequestSource source;
        Format fmt;
        Fanout.Builder builder;
        Harvest harvest;
        BodyFiles files;
        try {
            ClientOptions.check(parsed);
            builder = ClientOptions.builder(parsed, io, new ProxyOptions(parsed), cookies);
            InputOptions inputs = InputOptions.of(parsed, io);
            readsStdin = inputs.readsStdin();
            RequestSources.Spec spec = inputs.spec();
            try {
                harvest = Harvests.of(parsed, spec);
            } catch (IllegalArgumentException e) {
                if (spec.rows() != null) {
                    spec.rows().close();
                }
                throw e;
            }
            fmt = OutputFormats.choose(FORMAT.in(parsed), output);
            if (jobFile != null && toStdout(output)) {
                throw new IllegalArgumentException("--job needs -o FILE: records on standard output cannot be taken back after a crash");
            }
            if (fmt == Format.SQLITE && toStdout(output)) {
                throw new IllegalArgumentException("--format sqlite needs -o FILE");
            }
            redaction = Redaction.DEFAULT.withNames(REDACT.in(parsed))
                    .withSecrets(Secrets.valuesIn(GetOptionTable.urls(parsed), spec.body(), System::getenv));
            files = saveDir(); // created before anything is claimed, so that a bad one leaves nothing behind
            source = RequestSources.build(spec);
            if (!quiet) {
                TableInput.warnIfLarge(source, io.err());
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return usageError(e.getMessage());
        }
        // claimed in this order, before any request: the job (a second run of it stops here, touching nothing), then -o
        Job job = null;
        OutputFile file = null;
        JobOutput jobOutput = null;
        try {
            String settings = JobSettings.of(parsed, redaction);
            if (!toStdout(output)) {
                OutputFile.check(output);
            }
            if (jobFile != null) {
                job = Job.open(Path.of(jobFile), settings, FORCE.in(parsed));
            }
            if (!toStdout(output)) {
                file = OutputFile.claim(output, settings);
            }
            if (job != null) {
                jobOutput = JobOutput.open(job, file.path(), fmt, RETRY_FAILED.in(parsed));
            }
        } catch (IllegalArgumentException e) {
            release(job, file, source);
            return usageError(e.getMessage());
        } catch (JobException e) {
            release(job, file, source);
            return usageError(JobMessages.of(e));
        } catch (IOException e) {
            release(job, file, source);
            return usageError("-o " + output + ": cannot write the file: " + IoReasons.of(e));
        }
        // a body only saved goes to its file as it arrives, never whole into memory
        boolean keepBodies = BODY.in(parsed) || harvest.extracts();
        builder.keepBodies(keepBodies);
        if (files != null) {
            builder.saveBodiesTo(files.directory());
        }
        if (keepBodies) {
            // outcomes waiting for the writer hold their bodies: keep that backlog to -c of them, not 1,024
            builder.streamBuffer(Math.max(64, CONCURRENCY.in(parsed)));
        }
        Boolean progress = PROGRESS.in(parsed);
        GetRun.Settings settings = new GetRun.Settings(output, jobFile, quiet, !quiet && (progress != null ? progress : io.errIsTerminal()),
                ORDERED.in(parsed), BODY.in(parsed), parsed.originalArgs(), cookies, redaction);
        GetRun run = new GetRun(io, settings);
        try {
            return run.run(builder, source, harvest, files, fmt, file, job, jobOutput);
        } finally {
            // after a stop, inputs may still be blocked reading standard input, and closing it would wait for that read
            release(job, file, run.stopped() && readsStdin ? null : source);
        }
    }

    private static boolean toStdout(String output) {
        return output == null || output.equals("-");
    }

    private BodyFiles saveDir() {
        String saveDir = SAVE_DIR.in(parsed);
        if (saveDir == null) {
            return null;
        }
        try {
            return new BodyFiles(Path.of(saveDir), redaction);
        } catch (IOException e) {
            throw new IllegalArgumentException("--save-dir " + saveDir + ": cannot create or use the directory: " + IoReasons.of(e));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--save-dir " + saveDir + ": cannot create or use the directory: " + e.getMessage());
        }
    }

    /** Lets the job and the output go (the job last: it was claimed first). */
    private static void release(Job job, OutputFile file, RequestSource source) {
        if (file != null) {
            file.close();
        }
        if (job != null) {
            try {
                job.close();
            } catch (JobException ignored) {
                // the run's own outcome is what is reported
            }
        }
        if (source != null) {
            try {
                source.close();
            } catch (Exception ignored) {
                // nothing was read
            }
        }
    }

    private int usageError(String message) {
        io.err().println("fanout get: " + message);
        return ExitCode.USAGE;
    }
}
