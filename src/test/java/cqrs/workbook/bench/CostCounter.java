package cqrs.workbook.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * What one role of the function asks of AWS, counted at the SDK boundary: every attempt
 * the SDK transmits (a retry is a second request, and billed as one), the DynamoDB request
 * units each call is billed, computed from its items ({@link BilledCapacity}), the bytes
 * published to SNS, and the SMS texts sent. Measures are named, so that a new kind of
 * request or a new route needs no change here.
 */
final class CostCounter implements ExecutionInterceptor {

    static final String REQUESTS = "requests.";
    static final String WRITE_UNITS = "dynamodb.writeUnits";
    static final String READ_UNITS = "dynamodb.readUnits";
    static final String PUBLISHED_BYTES = "sns.publishedBytes";
    static final String PUBLISHED = "sns.published";
    static final String SMS = "sms.texts";
    static final String KMS_SIGN = "kms.sign";

    private final Map<String, DoubleAdder> measures = new ConcurrentHashMap<>();

    /** Called once per attempt, retries included: what was sent, not what the code asked for. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context,
            ExecutionAttributes attributes) {
        add(REQUESTS + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        switch (request) {
            case PutItemRequest put ->
                    written(put.tableName(),
                            BilledCapacity.writeUnits(BilledCapacity.itemBytes(put.item())));
            case DeleteItemRequest delete -> written(delete.tableName(), 1);
            case TransactWriteItemsRequest transaction -> transactionUnits(transaction);
            case GetItemRequest get -> {
                Map<String, AttributeValue> item = ((GetItemResponse) context.response()).item();
                add(READ_UNITS, BilledCapacity.readUnits(item == null ? 0
                        : BilledCapacity.itemBytes(item),
                        Boolean.TRUE.equals(get.consistentRead())));
            }
            case QueryRequest query -> {
                long bytes = ((QueryResponse) context.response()).items().stream()
                        .mapToLong(BilledCapacity::itemBytes).sum();
                add(READ_UNITS, BilledCapacity.readUnits(bytes,
                        Boolean.TRUE.equals(query.consistentRead())));
            }
            case PublishRequest publish -> published(publish);
            default -> { }
        }
        if (context.response() instanceof ReceiveMessageResponse received
                && !received.hasMessages()) {
            // An idle poll: a fixed cost of the mapping whether commands come or not, kept apart.
            add(REQUESTS + "Sqs.ReceiveMessage", -1);
            add(REQUESTS + "Sqs.ReceiveMessage(empty)", 1);
        }
        if (attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME).equals("Sign")) {
            add(KMS_SIGN, 1);
        }
    }

    /**
     * A write refused by its condition, or a cancelled
     * transaction, is billed as if it had been done.
     */
    @Override
    public void onExecutionFailure(Context.FailedExecution context,
            ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException
                && context.request() instanceof PutItemRequest put) {
            written(put.tableName(),
                    BilledCapacity.writeUnits(BilledCapacity.itemBytes(put.item())));
        }
        if (context.exception() instanceof TransactionCanceledException
                && context.request() instanceof TransactWriteItemsRequest transaction) {
            transactionUnits(transaction);
        }
    }

    /**
     * Each item of a transaction costs twice; a delete or a
     * condition check is sized at its key (one unit).
     */
    private void transactionUnits(TransactWriteItemsRequest transaction) {
        transaction.transactItems().forEach(item -> {
            if (item.put() != null) {
                written(item.put().tableName(),
                        2 * BilledCapacity.writeUnits(BilledCapacity.itemBytes(item.put().item())));
            } else if (item.delete() != null) {
                written(item.delete().tableName(), 2);
            } else if (item.update() != null) {
                written(item.update().tableName(), 2);
            } else {
                written(item.conditionCheck().tableName(), 2);
            }
        });
    }

    /**
     * Write units in all, and by table (named by what follows its
     * stage: events, views): each has its own write quota.
     */
    private void written(String table, double units) {
        add(WRITE_UNITS, units);
        add(WRITE_UNITS + "." + table.substring(table.lastIndexOf('-') + 1), units);
    }

    /**
     * An event to the topic (its body and attributes are the billed payload), or a text to a phone.
     */
    private void published(PublishRequest publish) {
        if (publish.phoneNumber() != null) {
            String text = publish.message();
            // One SMS carries 160 GSM characters; longer texts go in parts of 153.
            add(SMS, text.length() <= 160 ? 1 : Math.ceil(text.length() / 153.0));
            return;
        }
        long bytes = publish.message().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> attribute : publish.messageAttributes()
                .entrySet()) {
            bytes += attribute.getKey().length() + attribute.getValue().dataType().length()
                    + (attribute.getValue().stringValue() == null ? 0
                            : attribute.getValue().stringValue().length());
        }
        add(PUBLISHED, 1);
        add(PUBLISHED_BYTES, bytes);
    }

    private void add(String measure, double amount) {
        measures.computeIfAbsent(measure, m -> new DoubleAdder()).add(amount);
    }

    /** Every measure so far, by name. */
    Map<String, Double> snapshot() {
        Map<String, Double> copy = new TreeMap<>();
        measures.forEach((name, value) -> copy.put(name, value.sum()));
        return copy;
    }

    /** {@code after - before}, measure by measure. */
    static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((name, value) -> {
            double d = value - before.getOrDefault(name, 0.0);
            if (d != 0) {
                delta.put(name, d);
            }
        });
        return delta;
    }
}
