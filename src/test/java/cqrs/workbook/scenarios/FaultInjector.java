package cqrs.workbook.scenarios;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

// tag::fault-injector[]
/**
 * Faults injected at the SDK boundary of the handler's own clients: the handler's code
 * runs unchanged, and only what the AWS SDK hands back differs. A scenario arms a fault;
 * the next matching call takes it.
 */
public final class FaultInjector implements ExecutionInterceptor {

    private final AtomicInteger failingEventPublishes = new AtomicInteger();
    private final Deque<Runnable> beforeAppends = new ArrayDeque<>();
    private final ThreadLocal<Boolean> competing = ThreadLocal.withInitial(() -> false);

    /** The next {@code n} publishes of events to the topic fail as if SNS were unreachable. */
    public void failEventPublishes(int n) {
        failingEventPublishes.set(n);
    }

    /** Just before the next append to the event store, {@code competingWrite} runs to the end. */
    public synchronized void beforeNextAppend(Runnable competingWrite) {
        beforeAppends.add(competingWrite);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (competing.get()) {
            return; // the competing writer itself runs without faults
        }
        if (request instanceof PublishRequest publish && publish.topicArn() != null
                && failingEventPublishes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw SdkClientException.create("injected fault: SNS Publish to " + publish.topicArn() + " failed");
        }
        if (request instanceof PutItemRequest) {
            Runnable competingWrite = nextCompetingWrite();
            if (competingWrite != null) {
                competing.set(true);
                try {
                    competingWrite.run();
                } finally {
                    competing.set(false);
                }
            }
        }
    }
    // end::fault-injector[]

    private synchronized Runnable nextCompetingWrite() {
        return beforeAppends.poll();
    }

    public synchronized void reset() {
        failingEventPublishes.set(0);
        beforeAppends.clear();
    }
}
