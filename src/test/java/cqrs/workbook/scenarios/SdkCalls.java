package cqrs.workbook.scenarios;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Watches the handler's SDK calls: how many event items its queries brought back. */
public final class SdkCalls implements ExecutionInterceptor {

    private final AtomicInteger itemsQueried = new AtomicInteger();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile Thread scenario;

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        // Only the scenario's own calls: the consumers run on threads of their own.
        if (Thread.currentThread() == scenario && context.response() instanceof QueryResponse query) {
            itemsQueried.addAndGet(query.count());
            queries.incrementAndGet();
        }
    }

    private final AtomicInteger versionsTaken = new AtomicInteger();

    /** Every append refused because its version was taken, on any thread: the races the handler lost and retried. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.PutItemRequest
                && context.exception() instanceof software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException) {
            versionsTaken.incrementAndGet();
        }
    }

    public int versionsTaken() {
        return versionsTaken.get();
    }

    public int itemsQueried() {
        return itemsQueried.get();
    }

    /** How many queries the scenario's last request made. */
    public int queries() {
        return queries.get();
    }

    public void reset() {
        queries.set(0);
        scenario = Thread.currentThread();
        itemsQueried.set(0);
    }
}
