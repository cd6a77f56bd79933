package cqrs.workbook.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Counts the AWS requests a handler makes, by service and operation, at the SDK boundary
 * (the same kind of interceptor the scenarios inject faults with), and adds up the capacity
 * units DynamoDB reports when asked with {@code ReturnConsumedCapacity}. A request that
 * fails (a refused condition) counts too: it was sent and billed.
 */
final class RequestCounter implements ExecutionInterceptor {

    record Totals(Map<String, Integer> byOperation, double capacityUnits) {
        int requests() {
            return byOperation.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Map<String, AtomicInteger> byOperation = new ConcurrentHashMap<>();
    private final DoubleAdder capacity = new DoubleAdder();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes);
        ConsumedCapacity consumed = switch (context.response()) {
            case QueryResponse query -> query.consumedCapacity();
            case PutItemResponse put -> put.consumedCapacity();
            case GetItemResponse get -> get.consumedCapacity();
            case SdkResponse other -> null;
        };
        if (consumed != null && consumed.capacityUnits() != null) {
            capacity.add(consumed.capacityUnits());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context,
            ExecutionAttributes attributes) {
        count(attributes);
    }

    private void count(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        byOperation.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    }

    void reset() {
        byOperation.clear();
        capacity.reset();
    }

    Totals totals() {
        Map<String, Integer> counts = new TreeMap<>();
        byOperation.forEach((operation, n) -> counts.put(operation, n.get()));
        return new Totals(counts, capacity.sum());
    }
}
