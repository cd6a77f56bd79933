package cqrs.workbook.scenarios;

import java.util.ArrayDeque;
import java.util.Deque;
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
 * the next matching call made on the scenario's own thread takes it (the consumers, which
 * run on threads of their own, are left alone).
 */
public final class FaultInjector implements ExecutionInterceptor {
// end::fault-injector[]

    private final String eventsTable;
    private volatile Thread scenario;
    private int failingEventPublishes;
    private int lostPublishAnswers;
    private final Deque<Runnable> beforeAppends = new ArrayDeque<>();
    private final ThreadLocal<Boolean> competing = ThreadLocal.withInitial(() -> false);

    public FaultInjector(String eventsTable) {
        this.eventsTable = eventsTable;
    }

    /** The next {@code n} publishes of events to the topic fail as if SNS were unreachable. */
    public synchronized void failEventPublishes(int n) {
        scenario = Thread.currentThread();
        failingEventPublishes = n;
    }

    /**
     * The next publish of an event reaches SNS and is delivered, but its answer is lost on
     * the way back: the handler sees a failure where there was none.
     */
    public synchronized void loseNextPublishAnswer() {
        scenario = Thread.currentThread();
        lostPublishAnswers = 1;
    }

// tag::fault-injector[]
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (Thread.currentThread() == scenario && !competing.get()
                && context.request() instanceof PublishRequest publish && publish.topicArn() != null
                && takeLostAnswer()) {
            throw SdkClientException.create("injected fault: the answer of SNS Publish to " + publish.topicArn()
                    + " was lost after the message was accepted");
        }
    }
// end::fault-injector[]

    /** Just before the next append to the event store, {@code competingWrite} runs to the end. */
    public synchronized void beforeNextAppend(Runnable competingWrite) {
        scenario = Thread.currentThread();
        beforeAppends.add(competingWrite);
    }

// tag::fault-injector[]
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Thread.currentThread() != scenario || competing.get()) {
            return;
        }
        SdkRequest request = context.request();
        if (request instanceof PublishRequest publish && publish.topicArn() != null && takePublishFault()) {
            throw SdkClientException.create("injected fault: SNS Publish to " + publish.topicArn() + " failed");
        }
        if (request instanceof PutItemRequest put && put.tableName().equals(eventsTable)) {
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

    private synchronized boolean takePublishFault() {
        if (failingEventPublishes > 0) {
            failingEventPublishes--;
            return true;
        }
        return false;
    }

    private synchronized boolean takeLostAnswer() {
        if (lostPublishAnswers > 0) {
            lostPublishAnswers--;
            return true;
        }
        return false;
    }

    private synchronized Runnable nextCompetingWrite() {
        return beforeAppends.poll();
    }

    public synchronized void reset() {
        failingEventPublishes = 0;
        lostPublishAnswers = 0;
        beforeAppends.clear();
        scenario = null;
    }
}
