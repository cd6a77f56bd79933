package cqrs.workbook.scenarios;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

// tag::fault-injector[]
/**
 * Faults injected at the SDK boundary of the handler's own clients: the handler's code
 * runs unchanged, and only what the AWS SDK hands back differs. A scenario arms a fault;
 * the next matching call made on the scenario's own thread, or by the relay, takes it (the
 * consumers, which run on threads of their own, are left alone unless a fault names them).
 */
public final class FaultInjector implements ExecutionInterceptor {
// end::fault-injector[]

    /** What a crash of the process looks like to the code around it: nothing catches an Error. */
    public static final class ProcessDied extends Error {
        ProcessDied(String where) {
            super("injected fault: the process died " + where, null, false, false);
        }
    }

    private final String eventsTable;
    private final String viewsTable;
    private volatile Thread scenario;
    private int failingEventPublishes;
    private int lostPublishAnswers;
    private int slowPublishAttempts;
    private int failingDeletes;
    private int crashesAfterAppend;
    private int lostAppendAnswers;
    private int unreachableAppendAttempts;
    private int failingEventReads;
    private boolean appendOutcomeLost;
    private int throttledAppends;
    private int throttledReads;
    private String failingProjection;
    private int failingTexts;
    private String failingPublish;
    private final Deque<Runnable> beforeAppends = new ArrayDeque<>();
    private final Deque<Runnable> beforeFailingPublishes = new ArrayDeque<>();
    private final ThreadLocal<Boolean> competing = ThreadLocal.withInitial(() -> false);

    public FaultInjector(String eventsTable, String viewsTable) {
        this.eventsTable = eventsTable;
        this.viewsTable = viewsTable;
    }

    // tag::fault-injector[]
    /** The next {@code n} publishes of events to the topic fail as if SNS were unreachable. */
    public synchronized void failEventPublishes(int n) {
        scenario = Thread.currentThread();
        failingEventPublishes = n;
    }
    // end::fault-injector[]

    /**
     * The next publish of an event reaches SNS and is delivered, but its answer is lost on
     * the way back: the handler sees a failure where there was none.
     */
    public synchronized void loseNextPublishAnswer() {
        scenario = Thread.currentThread();
        lostPublishAnswers = 1;
    }

    /**
     * The next {@code n} attempts to publish an event hang
     * until the SDK's attempt timeout ends them.
     */
    public synchronized void slowPublishAttempts(int n) {
        scenario = Thread.currentThread();
        slowPublishAttempts = n;
    }

    /** The next compensating delete (a TransactWriteItems on the events table) fails. */
    public synchronized void failNextCompensatingDelete() {
        scenario = Thread.currentThread();
        failingDeletes = 1;
    }

    /** The process dies right after the next append succeeded, before anything else happens. */
    public synchronized void crashAfterNextAppend() {
        scenario = Thread.currentThread();
        crashesAfterAppend = 1;
    }

    /**
     * The next append succeeds, but DynamoDB's answer comes back as a 500: the SDK retries the put.
     */
    public synchronized void loseNextAppendAnswer() {
        scenario = Thread.currentThread();
        lostAppendAnswers = 1;
    }

    /**
     * The next append is written, but its answer is lost, and DynamoDB cannot be reached for
     * the SDK's retries of it: the SDK gives up without knowing. With {@code readFails}, the
     * consistent read that follows fails too.
     */
    public synchronized void loseAppendOutcome(boolean readFails) {
        scenario = Thread.currentThread();
        lostAppendAnswers = 1;
        appendOutcomeLost = true;
        failingEventReads = readFails ? 1 : 0;
    }

    /** DynamoDB throttles the next {@code n} attempts to append / to read the event store. */
    public synchronized void throttle(int appends, int reads) {
        scenario = Thread.currentThread();
        throttledAppends = appends;
        throttledReads = reads;
    }

    /**
     * SNS refuses the next text (an SMS Publish to a phone number), on whichever thread sends it.
     */
    public synchronized void failNextText() {
        failingTexts = 1;
    }

    private synchronized boolean takeTextFault() {
        if (failingTexts == 0) {
            return false;
        }
        failingTexts--;
        return true;
    }

    /** The projection fails once to write the view of {@code stream} at {@code version}. */
    public synchronized void failProjectionOnce(String stream, long version) {
        failingProjection = stream + " v" + version;
    }

    /**
     * The next publish of the event at {@code version} of
     * {@code stream} fails, on whichever thread.
     */
    public synchronized void failPublishOf(String stream, long version) {
        scenario = Thread.currentThread();
        failingPublish = stream + " v" + version;
    }

    /** Just before the next append to the event store, {@code competingWrite} runs to the end. */
    public synchronized void beforeNextAppend(Runnable competingWrite) {
        scenario = Thread.currentThread();
        beforeAppends.add(competingWrite);
    }

    /**
     * Just before the next publish of an event, {@code
     * competingWrite} runs; then that publish fails.
     */
    public synchronized void beforeNextPublishThenFail(Runnable competingWrite) {
        scenario = Thread.currentThread();
        beforeFailingPublishes.add(competingWrite);
    }

    // tag::fault-injector[]
    private boolean applies() {
        return !competing.get() && (Thread.currentThread() == scenario
                || Thread.currentThread().getName().equals("esm-relay"));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        // end::fault-injector[]
        if (request instanceof PutItemRequest put && put.tableName().equals(viewsTable)
                && Thread.currentThread().getName().equals("esm-projection")
                && takeProjectionFault(put)) {
            throw SdkClientException.create("injected fault: the projection's write of "
                    + put.item().get("id").s() + " failed");
        }
        if (request instanceof PublishRequest text && text.phoneNumber() != null
                && takeTextFault()) {
            throw SdkClientException.create("injected fault: SNS refused the text to "
                    + text.phoneNumber());
        }
        // tag::fault-injector[]
        if (!applies()) {
            return;
        }
        if (request instanceof PublishRequest publish && publish.topicArn() != null) {
            Runnable competingWrite = take(beforeFailingPublishes);
            if (competingWrite != null) {
                runCompeting(competingWrite);
                throw SdkClientException.create("injected fault: SNS Publish to "
                        + publish.topicArn() + " failed after another writer appended");
            }
            if (takePublishFault() || takePublishFaultOf(publish.message())) {
                throw SdkClientException.create("injected fault: SNS Publish to "
                        + publish.topicArn() + " failed");
            }
        }
        // end::fault-injector[]
        if (request instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest get
                && get.tableName().equals(eventsTable) && takeFailingEventRead()) {
            throw SdkClientException.create(
                    "injected fault: the event store's read could not be made");
        }
        if (request instanceof TransactWriteItemsRequest && takeDeleteFault()) {
            throw SdkClientException.create("injected fault: the compensating delete failed");
        }
        if (request instanceof PutItemRequest put && put.tableName().equals(eventsTable)) {
            Runnable competingWrite = take(beforeAppends);
            if (competingWrite != null) {
                runCompeting(competingWrite);
            }
        }
    // tag::fault-injector[]
    }
    // end::fault-injector[]

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!applies()) {
            return;
        }
        SdkRequest request = context.request();
        if (request instanceof PublishRequest publish && publish.topicArn() != null && takeSlowPublish()) {
            hangUntilInterrupted();
        }
        if (request instanceof PutItemRequest put && put.tableName().equals(eventsTable) && takeUnreachableAppend()) {
            throw SdkClientException.builder().message("injected fault: DynamoDB could not be reached")
                    .cause(new java.io.IOException("connection reset")).build();
        }
        if (request instanceof PutItemRequest put && put.tableName().equals(eventsTable) && takeThrottledAppend()
                || request instanceof QueryRequest query && query.tableName().equals(eventsTable) && takeThrottledRead()) {
            throw ProvisionedThroughputExceededException.builder().message("injected fault: throttled")
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("injected fault: throttled").serviceName("DynamoDb")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build()).build())
                    .build();
        }
    }

    /** A put that succeeded comes back as a 500: the SDK retries it, as it would in AWS. */
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        if (applies() && context.request() instanceof PutItemRequest put
                && put.tableName().equals(eventsTable) && context.httpResponse().isSuccessful()
                && takeLostAppendAnswer()) {
            armUnreachableRetries();
            return context.httpResponse().toBuilder().statusCode(500).build();
        }
        return context.httpResponse();
    }

    @Override
    public Optional<java.io.InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                                 ExecutionAttributes attributes) {
        if (context.httpResponse().statusCode() == 500 && context.request() instanceof PutItemRequest) {
            return Optional.of(new java.io.ByteArrayInputStream(
                    "{\"__type\":\"com.amazon.coral.availability#InternalServerError\",\"message\":\"injected: the answer was lost\"}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return context.responseBody();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest put && put.tableName().equals(eventsTable)) {
            synchronized (this) {
                unreachableAppendAttempts = 0; // the fault ends with the call it was armed for
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!applies()) {
            return;
        }
        if (context.request() instanceof PublishRequest publish && publish.topicArn() != null && takeLostAnswer()) {
            throw SdkClientException.create("injected fault: the answer of SNS Publish to " + publish.topicArn()
                    + " was lost after the message was accepted");
        }
        if (context.request() instanceof PutItemRequest put && put.tableName().equals(eventsTable) && takeCrash()) {
            throw new ProcessDied("after the append of " + put.item().get("stream").s() + " v"
                    + put.item().get("version").n());
        }
    }

    private void runCompeting(Runnable competingWrite) {
        competing.set(true);
        try {
            competingWrite.run();
        } finally {
            competing.set(false);
        }
    }

    private static void hangUntilInterrupted() {
        try {
            Thread.sleep(10_000); // the SDK's attempt timeout interrupts this; no test waits on it
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("injected fault: SNS did not answer in time");
        }
        throw new AssertionError("the SDK's attempt timeout did not end a hung publish within 10 s");
    }

    private synchronized boolean takeProjectionFault(PutItemRequest put) {
        String view = put.item().get("id").s() + " v" + put.item().get("version").n();
        if (view.equals(failingProjection)) {
            failingProjection = null;
            return true;
        }
        return false;
    }

    private synchronized boolean takePublishFaultOf(String message) {
        if (failingPublish == null) {
            return false;
        }
        com.fasterxml.jackson.databind.JsonNode body = World.json(message);
        if (failingPublish.equals(body.path("stream").asText() + " v" + body.path("version").asLong())) {
            failingPublish = null;
            return true;
        }
        return false;
    }

    private synchronized <T> T take(Deque<T> queue) {
        return queue.poll();
    }

    private synchronized boolean takePublishFault() {
        return failingEventPublishes > 0 && failingEventPublishes-- > 0;
    }

    private synchronized boolean takeLostAnswer() {
        return lostPublishAnswers > 0 && lostPublishAnswers-- > 0;
    }

    private synchronized boolean takeSlowPublish() {
        return slowPublishAttempts > 0 && slowPublishAttempts-- > 0;
    }

    private synchronized boolean takeDeleteFault() {
        return failingDeletes > 0 && failingDeletes-- > 0;
    }

    private synchronized boolean takeCrash() {
        return crashesAfterAppend > 0 && crashesAfterAppend-- > 0;
    }

    private synchronized boolean takeLostAppendAnswer() {
        return lostAppendAnswers > 0 && lostAppendAnswers-- > 0;
    }

    private synchronized void armUnreachableRetries() {
        if (appendOutcomeLost) {
            appendOutcomeLost = false;
            unreachableAppendAttempts = cqrs.workbook.lambda.Config.CALL_ATTEMPTS - 1;
        }
    }

    private synchronized boolean takeUnreachableAppend() {
        return unreachableAppendAttempts > 0 && unreachableAppendAttempts-- > 0;
    }

    private synchronized boolean takeFailingEventRead() {
        return failingEventReads > 0 && failingEventReads-- > 0;
    }

    private synchronized boolean takeThrottledAppend() {
        return throttledAppends > 0 && throttledAppends-- > 0;
    }

    private synchronized boolean takeThrottledRead() {
        return throttledReads > 0 && throttledReads-- > 0;
    }

    public synchronized void reset() {
        failingEventPublishes = 0;
        lostPublishAnswers = 0;
        slowPublishAttempts = 0;
        failingDeletes = 0;
        crashesAfterAppend = 0;
        lostAppendAnswers = 0;
        unreachableAppendAttempts = 0;
        failingEventReads = 0;
        appendOutcomeLost = false;
        throttledAppends = 0;
        throttledReads = 0;
        failingProjection = null;
        failingPublish = null;
        failingTexts = 0;
        beforeAppends.clear();
        beforeFailingPublishes.clear();
        scenario = null;
    }
}
