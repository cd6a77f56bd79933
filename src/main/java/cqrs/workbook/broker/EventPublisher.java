package cqrs.workbook.broker;

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
     * events in version order; the deduplication id is the event's id, so a retried
     * publish of the same event (by the SDK, the command handler or the relay) is delivered
     * once, while another event at the same version (stored after a compensation) is not
     * taken for a duplicate of the first: {@code stream:version} would have made SNS drop it.
     */
    public void publish(PublishedEvent event) {
        sns.publish(p -> p
                .topicArn(topicArn)
                .message(event.toJson())
                .messageGroupId(event.stream())
                .messageDeduplicationId(event.eventId())
                .messageAttributes(Map.of("type", MessageAttributeValue.builder()
                        .dataType("String").stringValue(event.type()).build())));
    }
    // end::publish[]

    /**
     * SnapStart priming of the broker's client with nothing published: a read of the topic's
     * attributes goes through the same signing, HTTP and XML reading as a publish.
     */
    public void prime() {
        sns.getTopicAttributes(g -> g.topicArn(topicArn));
    }
}
