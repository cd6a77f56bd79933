package cqrs.workbook.scenarios;

import cqrs.workbook.emulator.TestAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

// tag::tap[]
/**
 * A queue of the harness's own, subscribed to the topic beside the system's queues, so that
 * a scenario can see every published message without taking it from a consumer.
 */
public final class Tap implements AutoCloseable {
// end::tap[]

    private final TestAws aws;
    private final String url;
    private final String subscriptionArn;

    private Tap(TestAws aws, String url, String subscriptionArn) {
        this.aws = aws;
        this.url = url;
        this.subscriptionArn = subscriptionArn;
    }

    static Tap create(TestAws aws, String topicArn, String prefix) {
        String url = aws.sqs().createQueue(q -> q.queueName(prefix + "-tap.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String arn = aws.sqs().getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String subscription = aws.sns().subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")).returnSubscriptionArn(true)).subscriptionArn();
        return new Tap(aws, url, subscription);
    }

    /** Takes every message waiting now, waiting at most {@code waitSeconds} for the first. */
    public List<Message> drain(int waitSeconds) {
        List<Message> taken = new ArrayList<>();
        while (true) {
            int wait = taken.isEmpty() ? waitSeconds : 0;
            List<Message> batch = aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            if (batch.isEmpty()) {
                return taken;
            }
            for (Message message : batch) {
                aws.sqs().deleteMessage(d -> d.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            taken.addAll(batch);
        }
    }

    @Override
    public void close() {
        try {
            aws.sns().unsubscribe(u -> u.subscriptionArn(subscriptionArn));
            aws.sqs().deleteQueue(d -> d.queueUrl(url));
        } catch (RuntimeException ignored) {
            // the emulator goes away with the run
        }
    }
}
