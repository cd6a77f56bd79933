package cqrs.workbook.command;

import cqrs.workbook.json.EventCodec;
import cqrs.workbook.kernel.Decider;

/**
 * An aggregate as the command handler sees it: its decider, the codec of its events, and
 * the prefix of its streams' names ({@code otp#+6591234567}, {@code org#<uuid>}).
 */
public record Aggregate<C, S, E, R>(String name, Decider<C, S, E, R> decider, EventCodec<E> codec) {

    public String stream(String id) {
        return name + "#" + id;
    }
}
