package dev.fanout.cli;

import dev.fanout.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The top-level {@code fanout} command; dispatches to subcommands and maps errors to exit codes. */
@Command(name = "fanout", mixinStandardHelpOptions = true, versionProvider = FanoutCommand.VersionProvider.class,
        description = "Bulk concurrent HTTP requests: fast, bounded, and every input accounted for.",
        footer = {"", "Run 'fanout help COMMAND' (or 'fanout COMMAND --help') for a command's options."})
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

    /** The commands a user can name (the training run is not one). */
    static final List<String> COMMANDS = List.of("get", "report", "serve", "demo");

    /**
     * Runs {@code fanout args…} against these streams and returns the exit code. Help and the version go to
     * {@code out} (so that {@code fanout get --help | less} works), errors to {@code err}.
     */
    static int execute(Io io, String... args) {
        if (args.length > 0 && args[0].equals("help")) {
            return help(io, args);
        }
        if (args.length > 0 && !args[0].startsWith("-") && !COMMANDS.contains(args[0]) && !args[0].equals("_train")) {
            io.err().println("fanout: unknown command '" + args[0] + "'; the commands are " + String.join(", ", COMMANDS));
            io.err().println("Try 'fanout --help' for more.");
            return ExitCode.USAGE;
        }
        // picocli builds a command's model by reflection; building only the one that runs saves ~0.1 s of start-up
        Object only = args.length > 0 ? subcommand(args[0], io) : null;
        CommandLine cli;
        if (only != null) {
            cli = new CommandLine(only);
            cli.setCommandName("fanout " + args[0]);
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cli = new CommandLine(new FanoutCommand());
            for (String name : COMMANDS) {
                cli.addSubcommand(name, subcommand(name, io));
            }
            cli.addSubcommand("_train", subcommand("_train", io));
        }
        cli.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println(name + ": " + UsageErrors.message(e));
            io.err().println("Try '" + name + " --help' for more.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            io.err().println("fanout: internal error: " + e);
            return ExitCode.IO_ERROR;
        });
        return cli.execute(args);
    }

    /** {@code fanout help [COMMAND]}: the same help as {@code fanout [COMMAND] --help}, on standard output. */
    private static int help(Io io, String[] args) {
        if (args.length == 1) {
            return execute(io, "--help");
        }
        if (args.length == 2 && COMMANDS.contains(args[1])) {
            return execute(io, args[1], "--help");
        }
        io.err().println("fanout help: " + (args.length > 2 ? "name one command" : "unknown command '" + args[1] + "'")
                + "; the commands are " + String.join(", ", COMMANDS));
        io.err().println("Try 'fanout --help' for more.");
        return ExitCode.USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"fanout " + Version.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
