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
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Totals, status and failure counts, retries by reason, latency percentiles and throughput over time "
                + "of a --job file or of an -o output (JSON lines, CSV or SQLite)."},
        footer = {"", "Examples:", "  fanout report results.jsonl", "  fanout report q.job --html report.html"})
final class ReportCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "FILE", description = "A job file (--job) or an output file (-o).")
    Path file;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML page with a latency histogram and a throughput chart.")
    Path html;

    ReportCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ReportReader.Read read;
        try {
            read = ReportReader.read(file);
        } catch (IOException e) {
            io.err().println("fanout report: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
        PrintStream out = new PrintStream(io.out(), true, StandardCharsets.UTF_8);
        ReportText.print(out, file.toString(), read);
        out.flush();
        if (html != null) {
            try {
                Path tmp = html.resolveSibling(html.getFileName() + ".tmp");
                Files.writeString(tmp, ReportHtml.render(file.getFileName().toString(), read), StandardCharsets.UTF_8);
                Files.move(tmp, html, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                io.err().println("fanout report: cannot write " + html + ": " + e.getMessage());
                return ExitCode.IO_ERROR;
            }
            io.err().println("fanout report: wrote " + html);
        }
        return ExitCode.OK;
    }
}
