package cqrs.workbook.kernel;

import java.util.List;

/**
 * The whole behaviour of one aggregate, as three pure functions.
 *
 * <p>{@code decide} turns a command and the current state into a decision; {@code evolve}
 * applies one event to a state; {@code initialState} is the state before any event.
 * Replaying a stream is then nothing but a fold-left of {@code evolve} over its events.
 * Nothing here knows about AWS, JSON, clocks or randomness: time and random values arrive
 * inside the commands.
 *
 * @param <C> the aggregate's commands
 * @param <S> its state
 * @param <E> its events
 * @param <R> the reasons it may give for rejecting a command
 */
// tag::decider[]
public interface Decider<C, S, E, R> {

    S initialState();

    Decision<E, R> decide(C command, S state);

    S evolve(S state, E event);

    /** Replay is a fold-left: start from the initial state, apply each event in order. */
    default S replay(List<? extends E> events) {
        S state = initialState();
        for (E event : events) {
            state = evolve(state, event);
        }
        return state;
    }
    // end::decider[]

    // tag::restates[]
    /**
     * True when {@code event} carries everything that the next decision needs, so that
     * {@code evolve(anyState, event)} does not depend on {@code anyState}. A command handler
     * may then replay the stream from the latest such event instead of from version 1.
     */
    default boolean restatesState(E event) {
        return false;
    }
    // end::restates[]
}
