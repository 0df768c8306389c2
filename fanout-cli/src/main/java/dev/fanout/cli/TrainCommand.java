package dev.fanout.cli;

import dev.fanout.testserver.TrainingServers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Hidden: the training run the launcher records the JDK 25 AOT cache from. Exercises the start-up path of
 * {@code get} (parsing, sources, engine, transport, sinks, summary, JSON extraction and crawling; HTTPS over HTTP/2 and
 * HTTP/1.1 with {@code --https}) against a mock API in another process ({@link TrainingServers}). Every class in the
 * cache is loaded at the start of every run, so what only a server or another command uses is kept out of it, and
 * the launcher records three caches (scripts/aot.sh picks one per run): one for plain HTTP; one with TLS (~1,100
 * classes: ~25 ms and ~7 MB of a plain-HTTP run, ~0.3 s less at the start of an HTTPS run); and a full one that
 * adds {@code readmeJobs} and a proxy (~750 classes: ~15 ms of an HTTPS run that uses none of them, ~0.1 s less for
 * one that reads a file, writes SQLite, keeps a job or reads HTML, ~50 ms for one through a proxy).
 */
@Command(name = "_train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--https", description = "Train HTTPS too (for the caches of runs that may speak TLS).")
    boolean https;

    @Option(names = "--jobs", description = "Train the README's first jobs too: files, SQLite, a job, a report, HTML, a proxy.")
    boolean jobs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Io quiet = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), nowhere, false, false, 80);
        Path dir = Files.createTempDirectory("fanout-train");
        Path out = dir.resolve("out.jsonl");
        Process servers = startServers(dir);
        try {
            String[] urls = new BufferedReader(new InputStreamReader(servers.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            train(quiet, urls[0], out);
            if (jobs) {
                readmeJobs(quiet, urls[0], dir);
                proxied(quiet, urls[0], urls[1], urls[2], urls[3]);
            }
            if (https && https(quiet, urls[1], urls[2]) != ExitCode.OK) {
                System.err.println("fanout _train: the HTTPS runs failed: the cache would leave TLS out");
                return ExitCode.IO_ERROR;
            }
        } finally {
            servers.getOutputStream().close(); // its signal to stop
            if (!servers.waitFor(30, TimeUnit.SECONDS)) {
                servers.destroyForcibly();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return ExitCode.OK;
    }

    private static void train(Io quiet, String base, Path out) {
        String template = base + "/items/{id}";
        FanoutCommand.execute(quiet, "get", template, "-p", "id=1..2000", "-c", "64", "--body");
        // runs write records to a file (-o), which has its own classes; a URL with "=" is parsed by classes of its own
        FanoutCommand.execute(quiet, "get", base + "/delay/0?id={id}", "-p", "id=1..200", "-c", "100", "--no-progress",
                "-o", out.toString());
        // real servers capitalise header names (Content-Length), which Netty then compares ignoring case with a
        // class that this server's lower-case names never reach
        AsciiString.contentEqualsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH, AsciiString.of("Content-Length"));
        FanoutCommand.execute(quiet, "get", template, "-p", "id=1..500", "--ordered", "--format", "csv");
        FanoutCommand.execute(quiet, "get", base + "/status/404", "http://127.0.0.1:1/", "not a url");
        // a host name, as every real URL has: the JDK's resolver (the servers listen on 127.0.0.1, which localhost is)
        FanoutCommand.execute(quiet, "get", byName(base) + "/items/{id}", "-p", "id=1..20");
        // on a terminal, as people run it: the progress line (drawn into nothing here)
        Io terminal = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                new PrintStream(OutputStream.nullOutputStream()), false, true, 80);
        FanoutCommand.execute(terminal, "get", base + "/delay/25?id={id}", "-p", "id=1..200", "-c", "20", "-o", out.toString());
        // what real servers answer with: compressed bodies (gzip, deflate, br), a redirect
        FanoutCommand.execute(quiet, "get", base + "/bomb/gzip/1", base + "/bomb/deflate/1", base + "/bomb/br/1",
                base + "/redirect/2");
        // extraction and a crawl of JSON (HTML and jsoup only in the full cache, readmeJobs: classes in a cache load at
        // every start)
        FanoutCommand.execute(quiet, "get", base + "/v8/finance/chart/{t}", "-p", "t=AAPL,MSFT,ZZZZ",
                "-e", "price=$.chart.result[0].meta.regularMarketPrice | round(2)");
        FanoutCommand.execute(quiet, "get", base + "/v0/topstories.json", "--follow", "$[0:]", "--follow", "$.kids[*]",
                "--follow-template", base + "/v0/item/{}.json", "--max-requests", "2000");
    }

    /**
     * The README's first jobs: URLs read from a file (lines, and a CSV's rows into a template), the page search that
     * follows a {@code next} link in the body, one row per item, into SQLite, a durable job, a report of its records,
     * and an HTML crawl. Their ~700 classes (the file readers, link resolution, sqlite-jdbc and the JDK logging it
     * reports through, the job's journal, {@code report}, jsoup) were read from the jars and verified at the start of
     * every such run: ~0.1 s of the page search's 0.4 s. They go into the full cache only, which the launcher starts
     * such runs with (scripts/aot.sh): in the others they would cost every plain and every HTTPS run.
     */
    private static void readmeJobs(Io quiet, String base, Path dir) throws IOException {
        Path urls = Files.writeString(dir.resolve("urls.txt"), base + "/items/1\n" + base + "/items/2\n");
        FanoutCommand.execute(quiet, "get", "-i", urls.toString(), "-o", dir.resolve("status.csv").toString());
        Path ids = Files.writeString(dir.resolve("ids.csv"), "id,name\n1,a\n2,\"b, c\"\n");
        FanoutCommand.execute(quiet, "get", base + "/items/{id}", "-i", ids.toString(), "-o", dir.resolve("rows.jsonl").toString());
        Path queries = Files.writeString(dir.resolve("queries.txt"), "ramen\nnone\n");
        FanoutCommand.execute(quiet, "get", base + "/places/textsearch/json?query={q}", "-p", "q=@" + queries,
                "--follow", "$.next", "--each", "$.results[*]", "-e", "name=@.name", "-e", "lat=@.geometry.location.lat",
                "-o", dir.resolve("places.sqlite").toString());
        // a durable job with a key header and a rate: the journal, the header's digest in the job's identity
        FanoutCommand.execute(quiet, "get", base + "/items/{id}", "-p", "id=1..20", "-H", "X-Api-Key: training",
                "--rate", "10000", "--job", dir.resolve("train.job").toString(), "-o", dir.resolve("job.jsonl").toString());
        FanoutCommand.execute(quiet, "report", dir.resolve("job.jsonl").toString());
        // an HTML site crawled by its links, a field by a CSS selector: jsoup (~270 classes)
        FanoutCommand.execute(quiet, "get", base + "/site/", "--follow", "css:a@href", "-e", "title=css:title", "--no-progress");
    }

    /**
     * Through an HTTP proxy, as from behind a company's: absolute-form for http://, a CONNECT tunnel for https://
     * (~80 classes of Netty's proxy handlers and ours, ~50 ms of such a run's start read from the jars).
     */
    private static void proxied(Io quiet, String base, String httpsBase, String cacert, String proxy) {
        FanoutCommand.execute(quiet, "get", base + "/items/{id}", "-p", "id=1..20", "-x", proxy, "--no-progress");
        FanoutCommand.execute(quiet, "get", httpsBase + "/items/{id}", "-p", "id=1..20", "-x", proxy, "--cacert", cacert,
                "--no-progress");
    }

    /**
     * HTTPS, over HTTP/2 and over HTTP/1.1: most real APIs are, and the JDK's TLS and Netty's SSL and HTTP/2
     * classes (~1,400) would otherwise be read from their jars and verified at the start of every such run.
     */
    private static int https(Io quiet, String base, String cacert) {
        int h2 = FanoutCommand.execute(quiet, "get", base + "/items/{id}", "-p", "id=1..300", "-c", "64", "--cacert", cacert,
                "--no-progress");
        int http11 = FanoutCommand.execute(quiet, "get", base + "/items/{id}", "-p", "id=1..300", "-c", "64", "--cacert", cacert,
                "--http1.1", "--no-progress");
        // by name, as every real HTTPS URL is: the name sent in SNI (IDN) and checked against the certificate's
        int named = FanoutCommand.execute(quiet, "get", byName(base) + "/items/{id}", "-p", "id=1..20", "--cacert", cacert,
                "--no-progress");
        return Math.max(Math.max(h2, http11), named);
    }

    /** {@code base} (a training server's URL, on 127.0.0.1) by the host name that resolves to the same address. */
    private static String byName(String base) {
        return base.replace("127.0.0.1", "localhost");
    }

    /** {@link TrainingServers} in a JVM of its own, on this one's class path; its certificate goes into {@code dir}. */
    private static Process startServers(Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TrainingServers.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
