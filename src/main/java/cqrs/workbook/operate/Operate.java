package cqrs.workbook.operate;

import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.projection.HistoryProjection;
import cqrs.workbook.projection.Projection;
import cqrs.workbook.projection.View;
import cqrs.workbook.projection.ViewStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The operator's tools, run from a laptop: {@code make republish}, {@code make rebuild-views},
 * {@code make redrive}. They use the very event store, publisher and projections that they
 * repair, against the system that {@link OperatorEnvironment} finds.
 */
public final class Operate {

    private final OperatorEnvironment env;
    private final PrintStream out;

    public Operate(OperatorEnvironment env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        Operate operate = new Operate(OperatorEnvironment.resolve(environment), System.out);
        String stream = blankToNull(environment.get("STREAM"));
        switch (args.length == 0 ? "" : args[0]) {
            case "republish" -> {
                if (stream == null) {
                    throw new IllegalArgumentException("make republish STREAM=<stream> [FROM=<version>]");
                }
                String from = blankToNull(environment.get("FROM"));
                operate.republish(stream, from == null ? 1 : Long.parseLong(from));
            }
            case "rebuild-views" -> operate.rebuildViews(stream);
            case "redrive" -> operate.redrive();
            default -> throw new IllegalArgumentException("republish, rebuild-views or redrive");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Publishes the stored events of a stream again, from {@code from} on, each with its own
     * event id. Within SNS's 5-minute window the topic drops them; past it they are delivered
     * again, and every subscriber must be idempotent by event id: the projection compares
     * the event with the version and event id its view shows; the event handler derives the
     * contact code it issues from the causing event's id.
     */
    public int republish(String stream, long from) {
        try (DynamoDbClient dynamo = env.dynamo(); var sns = env.sns()) {
            EventStore store = new EventStore(dynamo, env.get("EVENTS_TABLE"));
            EventPublisher publisher = new EventPublisher(sns, env.get("EVENTS_TOPIC_ARN"));
            int published = 0;
            // tag::republish[]
            for (StoredEvent stored : store.readStream(stream)) {
                if (stored.version() < from) {
                    continue;
                }
                try {
                    publisher.publish(Aggregates.publicForm(stored));
                    out.println("republished " + stored.stream() + " v" + stored.version() + " "
                            + stored.type() + " " + stored.eventId());
                    published++;
                } catch (software.amazon.awssdk.core.exception.SdkException failed) {
                    throw failed; // AWS did not answer: stop, the operator runs it again
                } catch (RuntimeException undecodable) {
                    out.println("skipped " + stored.stream() + " v" + stored.version() + " "
                            + stored.eventId()
                            + ": this version cannot decode it (" + undecodable.getClass()
                            .getSimpleName() + ")");
                }
            }
            // end::republish[]
            out.println(published + " event(s) of " + stream + " republished");
            return published;
        }
    }

    /**
     * Folds every view again from the event store (or the views of one stream), with the
     * projections' own folds, each org's history with them. A view newer
     * than the store's fold (the live projection moved on meanwhile) is left as it is.
     */
    public int rebuildViews(String onlyStream) {
        try (DynamoDbClient dynamo = env.dynamo()) {
            EventStore store = new EventStore(dynamo, env.get("EVENTS_TABLE"));
            ViewStore views = new ViewStore(dynamo, env.get("VIEWS_TABLE"));
            Projection projection = new Projection(views, store);
            TreeSet<String> streams = new TreeSet<>();
            if (onlyStream != null) {
                streams.add(onlyStream);
            } else {
                dynamo.scanPaginator(s -> s.tableName(env.get("EVENTS_TABLE"))
                        .projectionExpression("#s")
                        .expressionAttributeNames(Map.of("#s", "stream"))).items()
                        .forEach(item -> streams.add(item.get("stream").s()));
            }
            int rebuilt = 0;
            // tag::rebuild-views[]
            for (String stream : streams) {
                List<StoredEvent> events = store.readStream(stream);
                for (View view : projection.rebuild(stream, events)) {
                    out.println("view " + view.id() + " at v" + view.version());
                    rebuilt++;
                }
                if (Aggregates.ORG.owns(stream)) {
                    String orgId = Aggregates.ORG.idOf(stream);
                    HistoryProjection.fold(orgId, events).ifPresent(history -> {
                        if (views.replace(history)) {
                            out.println("history " + stream + " at v" + history.version());
                        }
                    });
                }
            }
            // end::rebuild-views[]
            out.println(rebuilt + " view(s) rebuilt from " + streams.size() + " stream(s)");
            return rebuilt;
        }
    }

    /**
     * Moves every dead-lettered message back to the queue it came from: SQS's message move
     * task, which keeps each message's group. An emulator without the move task (moto) gets
     * the same done by hand: receive, send to the source with the same group, delete.
     */
    public int redrive() {
        int moved = 0;
        try (SqsClient sqs = env.sqs()) {
            for (String[] pair : new String[][] {{"PROJECTION_DLQ_URL", "PROJECTION_QUEUE_URL"},
                    {"REACTION_DLQ_URL", "REACTION_QUEUE_URL"}}) {
                String dlq = env.get(pair[0]);
                String source = env.get(pair[1]);
                String dlqArn = arn(sqs, dlq);
                // tag::redrive[]
                try {
                    String task = sqs.startMessageMoveTask(t ->
                            t.sourceArn(dlqArn).destinationArn(arn(sqs, source)))
                            .taskHandle();
                    out.println("move task " + task + " started: " + dlq + " -> " + source);
                } catch (AwsServiceException unsupported) {
                    if (!env.emulated()) {
                        throw unsupported;
                    }
                    int count = moveByHand(sqs, dlq, source);
                    out.println(count + " message(s) moved " + dlq + " -> " + source
                            + " (the emulator has no message move task)");
                    moved += count;
                }
                // end::redrive[]
            }
        }
        return moved;
    }

    private static int moveByHand(SqsClient sqs, String from, String to) {
        int moved = 0;
        while (true) {
            List<Message> batch = new ArrayList<>(sqs.receiveMessage(r ->
                    r.queueUrl(from).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                    .messageAttributeNames("All")).messages());
            if (batch.isEmpty()) {
                return moved;
            }
            for (Message message : batch) {
                sqs.sendMessage(m -> m.queueUrl(to).messageBody(message.body())
                        .messageAttributes(message.messageAttributes())
                        .messageGroupId(message.attributes()
                                .get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                        .messageDeduplicationId(message.messageId()));
                sqs.deleteMessage(d -> d.queueUrl(from).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
