package cqrs.workbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Given these events, when this command, then this event, no event, or this rejection: the
 * shape of every decider test. No mocks are needed; the decider is pure.
 */
public final class DeciderSpec<C, S, E, R> {

    private final Decider<C, S, E, R> decider;

    public DeciderSpec(Decider<C, S, E, R> decider) {
        this.decider = decider;
    }

    public Given given(List<E> history) {
        return new Given(history);
    }

    public final class Given {
        private final List<E> history;

        private Given(List<E> history) {
            this.history = List.copyOf(history);
        }

        public Then when(C command) {
            return new Then(decider.decide(command, decider.replay(history)));
        }
    }

    public final class Then {
        private final Decision<E, R> decision;

        private Then(Decision<E, R> decision) {
            this.decision = decision;
        }

        public void then(E expected) {
            assertThat(decision).isEqualTo(new Decision.Accepted<E, R>(expected));
        }

        public void thenUnchanged() {
            assertThat(decision).isEqualTo(new Decision.Unchanged<E, R>());
        }

        public void thenRejected(R expected) {
            assertThat(decision).isEqualTo(new Decision.Rejected<E, R>(expected));
        }
    }
}
