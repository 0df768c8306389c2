package dev.fanout.testserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The project's JUnit configuration (test-config/junit-platform.properties) gives every test a time limit that
 * holds even when the test is stuck where an interrupt does not reach it, as in {@code CompletableFuture.join}.
 * Run here on a test stuck on purpose, with the limit shortened to a second.
 */
class TimeLimitTest {
    private static final String SWITCH = "fanout.timelimit.selftest";
    private static final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aTestStuckInAnUninterruptibleWaitFailsAtItsLimit() {
        List<Event> failed;
        boolean returnedBeforeTheLimitFailedIt;
        System.setProperty(SWITCH, "true");
        try {
            failed = EngineTestKit.engine("junit-jupiter")
                    .enableImplicitConfigurationParameters(true) // reads the project's junit-platform.properties
                    .configurationParameter("junit.jupiter.execution.timeout.default", "1 s")
                    .selectors(selectClass(Stuck.class)).execute()
                    .testEvents().failed().list();
            returnedBeforeTheLimitFailedIt = Stuck.returned;
        } finally {
            System.clearProperty(SWITCH);
            release.countDown(); // the stuck test's thread may end now
        }
        assertThat(failed).singleElement().satisfies(e -> assertThat(
                e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .isInstanceOf(TimeoutException.class).hasMessageContaining("1 s"));
        assertThat(returnedBeforeTheLimitFailedIt).as("failed while the test was still stuck, not after it gave up").isFalse();
    }

    @EnabledIfSystemProperty(named = SWITCH, matches = "true")
    static class Stuck {
        static volatile boolean returned;

        @Test
        void waitsWhereNoInterruptReaches() {
            // like CompletableFuture.join: an interrupt does not end the wait, only the release does (or, so
            // that a broken limit fails this check rather than hanging the build, 10 s)
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (release.getCount() > 0 && System.nanoTime() - giveUp < 0) {
                LockSupport.parkNanos(10_000_000L);
            }
            returned = true;
        }
    }
}
