package cqrs.workbook.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the relay puts an event that can never be published: one whose item cannot be read
 * back into an event (a payload this version cannot decode, a type no aggregate has). The
 * message names the event (stream, version, event id, type) and why, never its payload: the
 * event stays in the store, the source of truth, and once the code that reads it is
 * deployed, {@code make republish STREAM=... FROM=...} publishes it from there.
 */
public final class ParkingQueue {

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    /**
     * {@code sqs} is asked for the client when an event is
     * first parked: seldom, so not at start-up.
     */
    public ParkingQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void park(ObjectNode identity) {
        sqs.get().sendMessage(m -> m.queueUrl(queueUrl).messageBody(identity.toString()));
    }
}
