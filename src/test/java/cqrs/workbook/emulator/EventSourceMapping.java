package cqrs.workbook.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Does for one queue what Lambda's SQS event source mapping does: long-polls the queue,
 * hands each batch (up to 10 messages) to the handler as an SQS event, and deletes the
 * messages that the handler did not report in {@code batchItemFailures}. Failed messages
 * stay in the queue, come back when their visibility timeout ends, and after the queue's
 * {@code maxReceiveCount} receives SQS moves them to the dead-letter queue.
 */
public final class EventSourceMapping extends Poller {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final LambdaInvoker lambda;
    private volatile boolean paused;
    private volatile boolean polling;

    public EventSourceMapping(String name, SqsClient sqs, String queueUrl, String queueArn, String region,
                              LambdaInvoker lambda) {
        super("esm-" + name);
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.lambda = lambda;
        startPolling();
    }

    /** The mapping stops receiving (after the batch in hand), so that messages gather in the queue. */
    public void pause() {
        paused = true;
        while (polling) {
            pause(10);
        }
    }

    /** The mapping receives again: what gathered meanwhile comes in batches. */
    public void resume() {
        paused = false;
    }

    @Override
    protected void poll() {
        while (running) {
            if (paused) {
                pause(20);
                continue;
            }
            polling = true;
            try {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(BATCH_SIZE)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.out.println("esm        " + queueArn + ": " + e);
                    pause(500);
                }
            } finally {
                polling = false;
            }
        }
    }

    private void deliver(List<Message> batch) {
        Set<String> failed = new HashSet<>();
        try {
            JsonNode answer = lambda.invoke(sqsEvent(batch));
            answer.path("batchItemFailures").forEach(f ->
                    failed.add(f.path("itemIdentifier").asText()));
        } catch (RuntimeException invocationFailed) {
            // The whole invocation failed: Lambda retries the whole batch.
            System.out.println("esm        invocation failed: " + invocationFailed);
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = batch.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(done));
        }
    }

    /** The SQS event Lambda passes to a function, one record per message. */
    ObjectNode sqsEvent(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                    .put("stringValue", value.stringValue())
                    .put("dataType", value.dataType())
                    .set("stringListValues", JSON.createArrayNode()));
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event;
    }
}
