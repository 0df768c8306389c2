package dev.fanout.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookaheadTest {
    /** Counts down from {@code n}, counting how often it is asked. */
    private static final class Countdown extends Lookahead<Integer> {
        int left;
        int computed;
        final List<Integer> handedOut = new ArrayList<>();

        Countdown(int n) {
            left = n;
        }

        @Override
        protected Integer computeNext() {
            computed++;
            if (left == 0) {
                return endOfData();
            }
            return left--;
        }

        @Override
        protected void onNext(Integer element) {
            handedOut.add(element);
        }
    }

    @Test
    void computesEachElementOnceHowEverOftenHasNextIsAsked() {
        Countdown c = new Countdown(2);
        assertThat(c.hasNext()).isTrue();
        assertThat(c.hasNext()).isTrue();
        assertThat(c.computed).isEqualTo(1);
        assertThat(c.next()).isEqualTo(2);
        assertThat(c.next()).isEqualTo(1);
        assertThat(c.hasNext()).isFalse();
        assertThat(c.hasNext()).isFalse();
        assertThat(c.computed).as("never computes after the end").isEqualTo(3);
        assertThatThrownBy(c::next).isInstanceOf(NoSuchElementException.class);
        assertThat(c.handedOut).containsExactly(2, 1);
    }

    @Test
    void nullIsAnElementNotTheEnd() {
        Lookahead<String> it = new Lookahead<>() {
            private int n;

            @Override
            protected String computeNext() {
                return n++ == 0 ? null : endOfData();
            }
        };
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next()).isNull();
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void aFailureLeavesItAsItWasUnlessTheEndWasMarked() {
        int[] calls = {0};
        Lookahead<Integer> retrying = new Lookahead<>() {
            @Override
            protected Integer computeNext() {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("first read failed");
                }
                return 7;
            }
        };
        assertThatThrownBy(retrying::hasNext).hasMessage("first read failed");
        assertThat(retrying.next()).isEqualTo(7);

        Lookahead<Integer> ending = new Lookahead<>() {
            @Override
            protected Integer computeNext() {
                endOfData();
                throw new IllegalStateException("broken for good");
            }
        };
        assertThatThrownBy(ending::hasNext).hasMessage("broken for good");
        assertThat(ending.hasNext()).isFalse();
    }

    @Test
    void anEndMarkedFromOutsideStillHandsOutWhatWasReadAhead() {
        Countdown c = new Countdown(5);
        assertThat(c.hasNext()).isTrue();
        c.endOfData(); // as a close() would
        assertThat(c.next()).isEqualTo(5);
        assertThat(c.hasNext()).isFalse();
        assertThat(c.computed).isEqualTo(1);
    }
}
