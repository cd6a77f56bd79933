package cqrs.workbook.lambda;

import cqrs.workbook.log.Log;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.lambda.events.SqsBatchResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

// tag::fifo-batch[]
/**
 * Feeds a batch of SQS FIFO messages to one consumer, in order. At the first failure, that
 * message and every later one are reported failed: a later event of the same stream must
 * not overtake the one that failed. The others in the batch were done and are deleted.
 */
final class QueueConsumer {

    private QueueConsumer() {}

    static SqsBatchResponse consume(String role, List<SqsEvent.Message> messages, Consumer<PublishedEvent> consumer) {
        List<String> failures = new ArrayList<>();
        for (SqsEvent.Message message : messages) {
            if (failures.isEmpty()) {
                try {
                    consumer.accept(PublishedEvent.parse(message.body()));
                    continue;
                } catch (RuntimeException failed) {
                    Log.at(role).warn("message " + message.messageId() + " failed: " + failed.getMessage());
                }
            }
            failures.add(message.messageId());
        }
        return SqsBatchResponse.failed(failures);
    }
}
// end::fifo-batch[]
