package dev.fanout.cli;

import dev.fanout.cli.report.ReportHtml;
import dev.fanout.cli.report.ReportReader;
import dev.fanout.cli.report.ReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code fanout report FILE}: what a job file or an output file says of its run, as text and optionally as an HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = FanoutCommand.VersionProvider.class, sortOptions = false,
        description = {"Totals, status and failure counts, retries by reason, latency percentiles and throughput over time "
                + "of a --job file or of an -o output (JSON lines, CSV or SQLite)."},
        footer = {"", "Examples:", "  fanout report results.jsonl", "  fanout report q.job --html report.html"})
final class ReportCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "FILE", description = "A job file (--job) or an output file (-o); - reads standard input.")
    String file;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML page with a latency histogram and a throughput chart.")
    Path html;

    ReportCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ReportReader.Read read;
        boolean stdin = file.equals("-");
        Path path = stdin ? null : Path.of(file);
        if (path != null && !Files.isRegularFile(path)) {
            io.err().println("fanout report: " + file + ": " + (Files.isDirectory(path) ? "a directory, not a file"
                    : Files.exists(path) ? "not a regular file" : "no such file") + "; give a --job file or an -o output");
            return ExitCode.USAGE;
        }
        try {
            read = stdin ? readStdin() : ReportReader.read(path);
        } catch (IOException e) {
            io.err().println("fanout report: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
        PrintStream out = io.textOut();
        ReportText.print(out, stdin ? "standard input" : file, read);
        out.flush();
        if (html != null) {
            try {
                Path tmp = html.resolveSibling(html.getFileName() + ".tmp");
                Files.writeString(tmp, ReportHtml.render(stdin ? "standard input" : path.getFileName().toString(), read), StandardCharsets.UTF_8);
                Files.move(tmp, html, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                io.err().println("fanout report: cannot write " + html + ": " + e.getMessage());
                return ExitCode.IO_ERROR;
            }
            io.err().println("fanout report: wrote " + html);
        }
        return ExitCode.OK;
    }

    /** Standard input, copied to a temporary file first: a SQLite file can only be read from a file. */
    private ReportReader.Read readStdin() throws IOException {
        Path tmp = Files.createTempFile("fanout-report-", ".stdin");
        try {
            Files.copy(io.in(), tmp, StandardCopyOption.REPLACE_EXISTING);
            return ReportReader.read(tmp);
        } catch (IOException e) {
            throw new IOException(e.getMessage().replace(tmp.toString(), "standard input"), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
