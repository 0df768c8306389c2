package dev.fanout.internal.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget's rules on their own, with waiters that record what they are told: who is served, and when. */
class MemoryBudgetRulesTest {
    private final List<String> events = new ArrayList<>();

    private final class Body implements MemoryBudget.Waiter {
        final String name;
        long held;
        long asked;

        Body(String name) {
            this.name = name;
        }

        boolean reserve(MemoryBudget budget, long n, long age) {
            if (budget.reserveOrWait(n, age, this)) {
                held += n;
                return true;
            }
            asked = n;
            return false;
        }

        @Override
        public void granted() {
            held += asked;
            asked = 0;
            events.add(name + " granted");
        }

        @Override
        public void setAside() {
            events.add(name + " set aside");
        }

        @Override
        public long held() {
            return held;
        }
    }

    @Test
    void whatIsReservedNeverExceedsTheBudgetAndWaitersAreServedWhenRoomComesBack() {
        MemoryBudget budget = new MemoryBudget(100);
        Body a = new Body("a");
        Body b = new Body("b");
        assertThat(a.reserve(budget, 80, budget.nextAge())).isTrue();
        assertThat(b.reserve(budget, 30, budget.nextAge())).as("80 + 30 > 100").isFalse();
        assertThat(budget.reserved()).isEqualTo(80);
        assertThat(budget.tryReserve(10)).as("nobody jumps the queue").isFalse();

        budget.release(80);

        assertThat(events).containsExactly("b granted");
        assertThat(budget.reserved()).isEqualTo(30);
        assertThat(budget.peak()).isEqualTo(80);
        assertThat(budget.snapshot().waits()).isEqualTo(1);
    }

    @Test
    void bodiesUnderWayAreServedBeforeBodiesNotStartedAndTheOldestFirstOneAtATime() {
        MemoryBudget budget = new MemoryBudget(100);
        Body consumer = new Body("consumer");
        Body old = new Body("old");
        Body young = new Body("young");
        Body fresh = new Body("fresh");
        long oldAge = budget.nextAge();
        long youngAge = budget.nextAge();
        consumer.reserve(budget, 70, budget.nextAge());
        old.reserve(budget, 10, oldAge);
        young.reserve(budget, 10, youngAge);
        assertThat(fresh.reserve(budget, 30, budget.nextAge())).as("not started: waits").isFalse();
        assertThat(young.reserve(budget, 20, youngAge)).as("under way: waits, room is short").isFalse();
        assertThat(old.reserve(budget, 20, oldAge)).isFalse();

        budget.release(70); // the consumer took its body: room for all three, given one at a time

        assertThat(events).as("room goes to finishing the oldest, not to each a little").containsExactly("old granted");
        budget.finished(); // old is complete
        assertThat(events).containsExactly("old granted", "young granted");
        budget.finished();
        assertThat(events).containsExactly("old granted", "young granted", "fresh granted");
    }

    @Test
    void whenHalfReadBodiesHoldItAllTheYoungestGivesWayAndItsRestartWaitsForTheOthers() {
        MemoryBudget budget = new MemoryBudget(100);
        Body old = new Body("old");
        Body young = new Body("young");
        long oldAge = budget.nextAge();
        long youngAge = budget.nextAge();
        old.reserve(budget, 50, oldAge);
        young.reserve(budget, 50, youngAge);
        young.reserve(budget, 10, youngAge);
        assertThat(events).isEmpty();

        old.reserve(budget, 10, oldAge); // now every byte is held by a body waiting for more

        assertThat(events).containsExactly("young set aside");
        List<String> restarted = new ArrayList<>();
        budget.whenUnblocked(() -> restarted.add("young"));
        assertThat(restarted).as("not while the old one still waits").isEmpty();

        budget.release(young.held); // the set-aside body lets go
        assertThat(events).containsExactly("young set aside", "old granted");
        assertThat(restarted).containsExactly("young");
        assertThat(budget.snapshot().setAside()).isEqualTo(1);
        assertThat(budget.reserved()).isEqualTo(60);
    }

    @Test
    void aWaiterThatEndsWhileWaitingNoLongerBlocksTheOnesBehindIt() {
        MemoryBudget budget = new MemoryBudget(100);
        Body a = new Body("a");
        Body big = new Body("big");
        Body small = new Body("small");
        a.reserve(budget, 50, budget.nextAge());
        big.reserve(budget, 90, budget.nextAge());
        small.reserve(budget, 20, budget.nextAge());

        assertThat(budget.cancel(big)).isTrue();

        assertThat(events).containsExactly("small granted");
        assertThat(budget.cancel(big)).as("once").isFalse();
    }
}
