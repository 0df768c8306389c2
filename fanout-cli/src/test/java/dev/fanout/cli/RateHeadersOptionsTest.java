package dev.fanout.cli;

import dev.fanout.testserver.LeakCheckExtension;
import dev.fanout.testserver.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout get} reads an API's own rate-limit fields by default; the summary says what it learned. */
@ExtendWith(LeakCheckExtension.class)
class RateHeadersOptionsTest {
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    @Test
    void aGithubStyleQuotaIsWaitedOutAndTheSummarySaysSo() {
        CliRun run = CliRun.of("get", "--no-progress", server.url("/quota/github/{id}?limit=30&window=1&key=cli"), "-p", "id=1..75",
                "-c", "20", "-o", "-");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.records()).hasSize(75).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        assertThat(run.err()).contains("  rate limit " + server.url("").replaceAll("/$", "")
                + ": paced by its X-RateLimit-Remaining fields, 30 requests; ");
    }

    @Test
    void ignoreRateHeadersLeavesGithubs403sAsTheyCame() {
        CliRun run = CliRun.of("get", "-q", server.url("/quota/github/{id}?limit=30&window=60&key=ignored"), "-p", "id=1..40",
                "-c", "10", "--ignore-rate-headers");
        assertThat(run.records().stream().filter(r -> r.get("status").asInt() == 403).count()).as("10 beyond the limit, fewer only if a minute boundary fell inside the run").isPositive();
    }
}
