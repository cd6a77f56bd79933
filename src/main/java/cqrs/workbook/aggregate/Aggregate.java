package cqrs.workbook.aggregate;

import cqrs.workbook.json.EventCodec;
import cqrs.workbook.kernel.Decider;

/**
 * An aggregate as the rest of the system sees it: its decider, the codec of its events, and
 * the prefix of its streams' names ({@code otp#+6591234567}, {@code org#<uuid>}).
 */
public record Aggregate<C, S, E, R>(String name, Decider<C, S, E, R> decider, EventCodec<E> codec) {

    /** The name of the stream of the aggregate {@code id}: the one place a stream is named. */
    public String stream(String id) {
        return name + "#" + id;
    }

    /** True when {@code stream} is one of this aggregate's streams. */
    public boolean owns(String stream) {
        return stream.startsWith(name + "#");
    }

    /** The aggregate's id within one of its streams: the name after the prefix. */
    public String idOf(String stream) {
        if (!owns(stream)) {
            throw new IllegalArgumentException(stream + " is not a stream of " + name);
        }
        return stream.substring(name.length() + 1);
    }
}
