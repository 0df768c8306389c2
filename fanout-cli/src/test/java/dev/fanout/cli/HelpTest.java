package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Help and version: on standard output, for every command, by {@code --help}, {@code -h} or {@code fanout help CMD}. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"get", "report", "serve", "demo"})
    void everyCommandHasHelpOnStandardOutput(String command) {
        for (String flag : new String[]{"--help", "-h"}) {
            CliRun run = CliRun.of(command, flag);
            assertThat(run.exitCode()).as(command + " " + flag).isEqualTo(ExitCode.OK);
            assertThat(run.out()).startsWith("Usage: fanout " + command);
            assertThat(run.err()).isEmpty();
        }
        CliRun help = CliRun.of("help", command);
        assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(help.out()).isEqualTo(CliRun.of(command, "--help").out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "report", "serve", "demo"})
    void everyCommandPrintsItsVersionOnStandardOutput(String command) {
        for (String flag : new String[]{"--version", "-V"}) {
            CliRun run = CliRun.of(command, flag);
            assertThat(run.exitCode()).as(command + " " + flag).isEqualTo(ExitCode.OK);
            assertThat(run.out()).startsWith("fanout " + dev.fanout.Version.VERSION);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void getsHelpShowsDollarBracesAsWrittenWhateverTheEnvironmentHolds() {
        // picocli would expand ${ENV} from a system property, as from an environment variable, of that name
        String before = System.setProperty("ENV", "expanded-by-mistake");
        try {
            String help = CliRun.of("get", "--help").out().replaceAll("\\s+", " ");
            assertThat(help).contains("${ENV} takes a secret from the environment").doesNotContain("expanded-by-mistake");
        } finally {
            if (before == null) {
                System.clearProperty("ENV");
            } else {
                System.setProperty("ENV", before);
            }
        }
    }

    @Test
    void topLevelHelpAndVersionGoToStandardOutput() {
        assertThat(CliRun.of("--help").out()).contains("get", "report", "serve", "demo").doesNotContain("_train");
        assertThat(CliRun.of("help").out()).isEqualTo(CliRun.of("--help").out());
        assertThat(CliRun.of("--version").out()).startsWith("fanout ");
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingTheCommands() {
        CliRun run = CliRun.of("fetch", "http://x/");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("unknown command 'fetch'", "get, report, serve, demo").doesNotContain("Unmatched");
    }

    @Test
    void helpForAnUnknownCommandIsAUsageError() {
        CliRun run = CliRun.of("help", "fetch");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown command 'fetch'", "get, report, serve, demo");
    }

    @Test
    void getHelpGroupsOptionsByTopicWithExamplesAndExitCodes() {
        String help = CliRun.of("get", "--help").out();
        int last = -1;
        for (String heading : GetHelp.TOPICS.keySet()) {
            int at = help.indexOf("\n" + heading + ":\n");
            assertThat(at).as(heading).isGreaterThan(last);
            last = at;
        }
        assertThat(help.indexOf("  -o, --output=FILE")).isGreaterThan(help.indexOf("\nOutput:\n"));
        assertThat(help.indexOf("      --job=FILE")).isGreaterThan(help.indexOf("\nJobs (resume after a crash):\n"));
        assertThat(help).contains("Examples:", "Exit codes:", "-o prices.csv").doesNotContain("Other options");
        assertThat(help.lines().filter(l -> l.matches("\\s+[0-9]{1,3}\\s+.*")).count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void getHelpFitsEightyColumnsWithoutBreakingWords() {
        String help = CliRun.of("get", "--help").out();
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        // every example line is printed whole, as written
        for (String example : GetHelp.FOOTER) {
            assertThat(help).contains(example);
        }
    }

    @Test
    void everyOptionOfGetHasATopic() {
        Io io = new Io(System.in, new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false, false, 80);
        assertThat(GetHelp.unplaced(GetCommand.spec(io)))
                .as("options of get missing from GetHelp.TOPICS: give each a topic there").isEmpty();
        assertThat(Arrays.stream(GetHelp.FOOTER)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }
}
