package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/heap.sh, which ./fanout uses to size the young generation from the run's -c, run in bash. */
class HeapScriptTest {
    private static final Path SCRIPT = ScriptCall.script("heap.sh");

    private static String heapFor(String args) throws Exception {
        return ScriptCall.run(SCRIPT, "fanout_heap_opts " + args + "; echo \"${FANOUT_HEAP_OPTS[*]}\"");
    }

    @Test
    void theYoungGenerationFollowsConcurrencyIn64KbPerRequestBetween8And256Mb() throws Exception {
        assertThat(heapFor("get -c 1000 http://a/")).isEqualTo("-Xmn63m");
        assertThat(heapFor("get --concurrency 2048 http://a/")).isEqualTo("-Xmn128m");
        assertThat(heapFor("get --concurrency=512 http://a/")).isEqualTo("-Xmn32m");
        assertThat(heapFor("get -c256 http://a/")).isEqualTo("-Xmn16m");
        assertThat(heapFor("get -c 64 http://a/")).as("the floor").isEqualTo("-Xmn8m");
        assertThat(heapFor("get -c 10000 http://a/")).as("the ceiling").isEqualTo("-Xmn256m");
    }

    @Test
    void withoutAReadableConcurrencyTheDefaultOf100Counts() throws Exception {
        assertThat(heapFor("get http://a/")).isEqualTo("-Xmn8m");
        assertThat(heapFor("get -c lots http://a/")).isEqualTo("-Xmn8m");
        assertThat(heapFor("get -c")).isEqualTo("-Xmn8m");
        assertThat(heapFor("report out.jsonl")).isEqualTo("-Xmn8m");
        assertThat(heapFor("get -c 99999999999999999999")).as("no overflow").isEqualTo("-Xmn256m");
        assertThat(heapFor("get -- -c 100000")).as("nothing after --").isEqualTo("-Xmn8m");
    }
}
