package dev.fanout.cli;

import dev.fanout.testserver.TestServer;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Hidden: the training run the launcher records the JDK 25 AOT cache from. Exercises the start-up path of
 * {@code get} (parsing, sources, engine, transport, sinks, summary) against an in-process mock API.
 */
@Command(name = "_train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Io quiet = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), nowhere, false, false, 80);
        try (TestServer server = TestServer.builder().start()) {
            String template = server.url("/items/{id}");
            FanoutCommand.execute(quiet, "get", template, "-p", "id=1..2000", "-c", "64", "--body");
            FanoutCommand.execute(quiet, "get", template, "-p", "id=1..500", "--ordered", "--format", "csv");
            FanoutCommand.execute(quiet, "get", server.url("/status/404"), "http://127.0.0.1:1/", "not a url");
            FanoutCommand.execute(quiet, "demo", "-n", "50", "--latency", "0ms");
        }
        return ExitCode.OK;
    }
}
