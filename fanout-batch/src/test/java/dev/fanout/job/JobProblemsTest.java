package dev.fanout.job;

import dev.fanout.Request;
import dev.fanout.client.Fanout;
import dev.fanout.crawl.CrawlRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job's problems say what is wrong in the job's terms, with a reason a caller can word its own way. */
class JobProblemsTest {
    private static Iterator<Request> inputs(String... urls) {
        return List.of(urls).stream().map(Request::get).iterator();
    }

    @Test
    void aSecondOpenInTheSameProcessIsInUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.job");
        try (Job first = Job.open(file, "run a", false)) {
            assertThat(first.file()).isEqualTo(file);
            assertThatThrownBy(() -> Job.open(file, "run a", false))
                    .isInstanceOfSatisfying(JobException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JobException.Reason.IN_USE);
                        assertThat(e.file()).isEqualTo(file);
                        assertThat(e.detail()).isEqualTo("is in use by this process");
                        assertThat(e.getMessage()).isEqualTo("the job " + file + " is in use by this process: a job runs in one "
                                + "process at a time; wait for that run to end, or stop it and open the job again");
                    });
        }
    }

    @Test
    void otherSettingsAreRefusedUnlessForcedWhichAdoptsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.job");
        Job.open(file, "run a", false).close();
        assertThatThrownBy(() -> Job.open(file, "run b", false))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JobException.Reason.OTHER_SETTINGS);
                    assertThat(e.detail()).isEqualTo("run a");
                    assertThat(e.getMessage()).isEqualTo("the job " + file + " was started with other settings (run a): "
                            + "continue it with those, use another job file, or open it with force to adopt these");
                });
        Job.open(file, "run b", true).close();
        Job.open(file, "run b", false).close(); // the forced settings are the job's now
    }

    @Test
    void aPlainRunsJobCannotBeContinuedAsACrawl(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.job");
        try (Job job = Job.open(file, "run a", false)) {
            Iterator<Request> pending = job.pending(inputs("http://127.0.0.1:1/a"));
            assertThat(pending.hasNext()).isTrue();
        }
        try (Job job = Job.open(file, "run a", false); Fanout fanout = Fanout.create()) {
            assertThatThrownBy(() -> job.crawl(fanout, inputs("http://127.0.0.1:1/a"), CrawlRules.DEFAULT, (o, f) -> o, false))
                    .isInstanceOfSatisfying(JobException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JobException.Reason.STARTED_AS_PLAIN_RUN);
                        assertThat(e.getMessage()).isEqualTo("the job " + file + " was started as a plain run and cannot be "
                                + "continued as a crawl: use another job file");
                    });
        }
    }

    @Test
    void aJobFileThatCannotBeCreatedIsUnusable(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notADirectory.resolve("a.job");
        assertThatThrownBy(() -> Job.open(file, "run a", false))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JobException.Reason.UNUSABLE);
                    assertThat(e.getMessage()).startsWith("the job " + file + ": cannot use the job file: ");
                    assertThat(e.getMessage()).doesNotContain("--");
                });
    }
}
