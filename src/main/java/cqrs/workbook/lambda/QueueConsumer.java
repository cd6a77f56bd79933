package cqrs.workbook.lambda;

import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.invocation.Deadline;
import cqrs.workbook.lambda.events.SqsBatchResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import cqrs.workbook.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Feeds a batch of SQS FIFO messages to one consumer, in order. When a message fails, it and
 * every later message of the same message group (the same stream) are reported failed: a
 * later event of a stream must not overtake the one that failed. Messages of other groups go
 * on: a poison message must not drag a healthy stream into the dead-letter queue with it.
 *
 * <p>Before each message the invocation's deadline is asked whether {@code perMessage} still
 * fits; when it does not, that message and all the rest are reported failed, unstarted, and
 * come back after their visibility timeout.
 */
final class QueueConsumer {

    private QueueConsumer() {}

    // tag::fifo-batch[]
    static SqsBatchResponse consume(String role, Duration perMessage,
            List<SqsEvent.Message> messages,
                                    Consumer<PublishedEvent> consumer) {
        List<String> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        Deadline deadline = Deadline.current();
        boolean outOfTime = false;
        for (SqsEvent.Message message : messages) {
            String group = group(message);
            if (outOfTime || failedGroups.contains(group)) {
                failures.add(message.messageId());
                continue;
            }
            if (!deadline.allows(perMessage)) {
                Log.at(role).info("message " + message.messageId()
                        + " and the rest left for a later delivery:"
                        + " the deadline is near");
                outOfTime = true;
                failures.add(message.messageId());
                continue;
            }
            try {
                consumer.accept(PublishedEvent.parse(message.body()));
            } catch (RuntimeException failed) {
                Log.at(role).warn("message " + message.messageId()
                        + " failed, with the rest of its group: "
                        + failed.getMessage());
                failedGroups.add(group);
                failures.add(message.messageId());
            }
        }
        return SqsBatchResponse.failed(failures);
    }
    // end::fifo-batch[]

    /** The message's group; a message without one (never on a FIFO queue) is a group of its own. */
    private static String group(SqsEvent.Message message) {
        String group = message.attributes() == null ? null : message.attributes()
                .get("MessageGroupId");
        return group == null ? "message:" + message.messageId() : group;
    }
}
