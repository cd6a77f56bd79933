package cqrs.workbook.lambda;

import cqrs.workbook.log.Log;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import cqrs.workbook.broker.PublishedEvent;
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

    static SQSBatchResponse consume(String role, List<SQSMessage> messages, Consumer<PublishedEvent> consumer) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage message : messages) {
            if (failures.isEmpty()) {
                try {
                    consumer.accept(PublishedEvent.parse(message.getBody()));
                    continue;
                } catch (RuntimeException failed) {
                    Log.at(role).warn("message " + message.getMessageId() + " failed: " + failed.getMessage());
                }
            }
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }
}
// end::fifo-batch[]
