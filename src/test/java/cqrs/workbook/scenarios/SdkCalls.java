package cqrs.workbook.scenarios;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Watches the handler's SDK calls: how many event items its queries brought back. */
public final class SdkCalls implements ExecutionInterceptor {

    private final AtomicInteger itemsQueried = new AtomicInteger();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof QueryResponse query) {
            itemsQueried.addAndGet(query.count());
        }
    }

    public int itemsQueried() {
        return itemsQueried.get();
    }

    public void reset() {
        itemsQueried.set(0);
    }
}
