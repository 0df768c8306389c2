package dev.fanout.cli;

import dev.fanout.testserver.TestServer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Hidden: the training run the launcher records the JDK 25 AOT cache from. Exercises the start-up path of
 * {@code get} (parsing, sources, engine, transport, sinks, summary, JSON extraction and crawling) against an
 * in-process mock API.
 */
@Command(name = "_train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Io quiet = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), nowhere, false, false, 80);
        Path out = Files.createTempFile("fanout-train", ".jsonl");
        try (TestServer server = TestServer.builder().start()) {
            String template = server.url("/items/{id}");
            FanoutCommand.execute(quiet, "get", template, "-p", "id=1..2000", "-c", "64", "--body");
            // runs write records to a file (-o), which has its own classes; a URL with "=" is parsed by classes of its own
            FanoutCommand.execute(quiet, "get", server.url("/delay/0?id={id}"), "-p", "id=1..200", "-c", "100", "--no-progress",
                    "-o", out.toString());
            // real servers capitalise header names (Content-Length), which Netty then compares ignoring case with a
            // class that this server's lower-case names never reach
            AsciiString.contentEqualsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH, AsciiString.of("Content-Length"));
            FanoutCommand.execute(quiet, "get", template, "-p", "id=1..500", "--ordered", "--format", "csv");
            FanoutCommand.execute(quiet, "get", server.url("/status/404"), "http://127.0.0.1:1/", "not a url");
            // extraction and a crawl of JSON (HTML and jsoup stay out: classes in the cache load at every start)
            FanoutCommand.execute(quiet, "get", server.url("/v8/finance/chart/{t}"), "-p", "t=AAPL,MSFT,ZZZZ",
                    "-e", "price=$.chart.result[0].meta.regularMarketPrice | round(2)");
            FanoutCommand.execute(quiet, "get", server.url("/v0/topstories.json"), "--follow", "$[0:]", "--follow", "$.kids[*]",
                    "--follow-template", server.url("/v0/item/{}.json"), "--max-requests", "2000");
            FanoutCommand.execute(quiet, "demo", "-n", "50", "--crawl", "0", "--latency", "0ms");
        } finally {
            Files.deleteIfExists(out);
        }
        return ExitCode.OK;
    }
}
