package cqrs.workbook.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes stored events to the SNS FIFO topic that every consumer subscribes to. */
public final class EventPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public EventPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    // tag::publish[]
    /**
     * One message per event. The message group is the stream, so FIFO keeps each stream's
     * events in version order; the deduplication id is stream and version, so a retried
     * publish of the same event is delivered once. The id is sent explicitly rather than
     * derived from the content: the body of a given version is the same on every retry anyway.
     */
    public void publish(StoredEvent event, JsonNode publicPayload) {
        sns.publish(p -> p
                .topicArn(topicArn)
                .message(envelope(event, publicPayload))
                .messageGroupId(event.stream())
                .messageDeduplicationId(event.stream() + ":" + event.version())
                .messageAttributes(Map.of("type", MessageAttributeValue.builder()
                        .dataType("String").stringValue(event.type()).build())));
    }
    // end::publish[]

    /** The message body: where the event belongs, and its public payload. */
    public static String envelope(StoredEvent event, JsonNode publicPayload) {
        ObjectNode body = Json.PUBLIC.createObjectNode()
                .put("stream", event.stream())
                .put("version", event.version())
                .put("type", event.type())
                .put("eventId", event.eventId())
                .put("recordedAt", event.recordedAt().toString());
        body.set("payload", publicPayload);
        return body.toString();
    }
}
