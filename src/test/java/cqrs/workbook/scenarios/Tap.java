package cqrs.workbook.scenarios;

import cqrs.workbook.emulator.TestAws;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue of the harness's own, subscribed to the topic beside the system's queues, so that
 * a scenario can see every published message without taking it from a consumer.
 */
public final class Tap implements AutoCloseable {

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
        return Queues.drain(aws.sqs(), url, waitSeconds);
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
