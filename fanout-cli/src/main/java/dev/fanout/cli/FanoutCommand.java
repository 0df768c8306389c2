package dev.fanout.cli;

import dev.fanout.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The top-level {@code fanout} command; dispatches to subcommands and maps errors to exit codes. */
@Command(name = "fanout", mixinStandardHelpOptions = true, versionProvider = FanoutCommand.VersionProvider.class,
        description = "Bulk concurrent HTTP requests: fast, bounded, and every input accounted for.",
        footer = {"", "Run 'fanout COMMAND --help' for a command's options."})
final class FanoutCommand implements Runnable {
    private final CommandLine.Model.CommandSpec spec;

    private FanoutCommand(CommandLine.Model.CommandSpec spec) {
        this.spec = spec;
    }

    FanoutCommand() {
        this(null);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed: get, report, serve or demo");
    }

    private static Object subcommand(String name, Io io) {
        return switch (name) {
            case "get" -> GetCommand.spec(io);
            case "serve" -> new ServeCommand(io);
            case "demo" -> new DemoCommand(io);
            case "report" -> new ReportCommand(io);
            case "_train" -> new TrainCommand();
            default -> null;
        };
    }

    /** Runs {@code fanout args…} against these streams and returns the exit code. */
    static int execute(Io io, String... args) {
        // picocli builds a command's model by reflection; building only the one that runs saves ~0.1 s of start-up
        Object only = args.length > 0 ? subcommand(args[0], io) : null;
        CommandLine cli;
        if (only != null) {
            cli = new CommandLine(only);
            cli.setCommandName("fanout " + args[0]);
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cli = new CommandLine(new FanoutCommand());
            for (String name : new String[]{"get", "report", "serve", "demo", "_train"}) {
                cli.addSubcommand(name, subcommand(name, io));
            }
        }
        cli.setOut(new PrintWriter(io.err(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println(name + ": " + e.getMessage().replace("\n", " "));
            io.err().println("Try '" + name + " --help' for more.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            io.err().println("fanout: internal error: " + e);
            return ExitCode.IO_ERROR;
        });
        return cli.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"fanout " + Version.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
