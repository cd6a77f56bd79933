package cqrs.workbook.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Does for the events table's DynamoDB stream what Lambda's stream event source mapping
 * does: reads each shard in order (DescribeStream, GetShardIterator, GetRecords), hands each
 * batch to the handler as a DynamoDB stream event, and moves on past the batch when the
 * handler reports no failure. When it reports one (by sequence number), the batch is offered
 * again from that record, and again, without limit ({@code MaximumRetryAttempts: -1} in the
 * template): the shard waits behind it, in order, and nothing is given up.
 * {@link #stop()} and {@link #start()} play an outage of the relay: the records wait in the
 * stream meanwhile (24 hours in AWS).
 */
public final class StreamEventSourceMapping extends Poller {

    /** As the template's {@code MaximumRetryAttempts}: no limit. */
    public static final int MAXIMUM_RETRY_ATTEMPTS = -1;
    /** The pause between two offers of a failed batch, as Lambda backs off between retries. */
    private static final long RETRY_PAUSE_MILLIS = 50;
    /** As the template's {@code BatchSize} for the relay. */
    public static final int BATCH_SIZE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Mode { RUNNING, STOPPED, SKIPPING }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final LambdaInvoker lambda;
    /** Per shard, the sequence number of the last record done. */
    private final Map<String, String> positions = new LinkedHashMap<>();
    private final AtomicLong idlePasses = new AtomicLong();
    private final AtomicLong batchesRetried = new AtomicLong();
    private volatile Mode mode = Mode.RUNNING;

    public StreamEventSourceMapping(DynamoDbStreamsClient streams, String streamArn, String region,
                                    LambdaInvoker lambda) {
        super("esm-relay");
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
        this.lambda = lambda;
        startPolling();
    }

    /** The relay stops: records stay in the stream, unread. */
    public void stop() {
        mode = Mode.STOPPED;
    }

    /** The relay resumes where it stopped. */
    public void start() {
        mode = Mode.RUNNING;
    }

    public boolean isRunning() {
        return mode == Mode.RUNNING;
    }

    /** Reads past every record written so far without handing it on (they belong to another strategy). */
    public void skipToNow() {
        mode = Mode.SKIPPING;
        awaitIdle();
        synchronized (positions) {
            mark.clear();
            mark.putAll(positions);
        }
    }

    /** Where the stream stood at the last {@link #skipToNow()}: what a new mapping at TRIM_HORIZON would read from. */
    private final Map<String, String> mark = new LinkedHashMap<>();

    /**
     * Starts reading again from where {@link #skipToNow()} left it, as a mapping enabled for
     * the first time reads a stream from its oldest record: within a scenario, its records.
     */
    public void rewindToMark() {
        Mode was = mode;
        mode = Mode.STOPPED;
        pause(100); // a pass in progress finishes with the old positions
        synchronized (positions) {
            positions.clear();
            positions.putAll(mark);
        }
        mode = was;
    }

    /** Waits until a whole pass over the shards found no new record. */
    public void awaitIdle() {
        long seen = idlePasses.get();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (idlePasses.get() < seen + 2) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the relay's stream mapping did not catch up within 30 s");
            }
            pause(20);
        }
    }

    public long batchesRetried() {
        return batchesRetried.get();
    }

    @Override
    protected void poll() {
        while (running) {
            try {
                if (mode == Mode.STOPPED) {
                    pause(50);
                    continue;
                }
                boolean found = false;
                for (Shard shard : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards()) {
                    found |= pollShard(shard.shardId());
                }
                if (!found) {
                    idlePasses.incrementAndGet();
                    pause(20);
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.out.println("esm-relay  " + streamArn + ": " + e);
                    pause(500);
                }
            }
        }
    }

    /**
     * One batch of one shard; true when it held records. The position is kept as the last
     * sequence number done, and a fresh iterator is asked for on every poll: moto's
     * TransactWriteItems copies the table, which leaves older iterators reading a stale shard.
     */
    private boolean pollShard(String shardId) {
        String done = positions.get(shardId);
        String iterator = streams.getShardIterator(g -> {
            g.streamArn(streamArn).shardId(shardId);
            if (done == null) {
                g.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                g.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(done);
            }
        }).shardIterator();
        List<Record> records = streams.getRecords(g -> g.shardIterator(iterator).limit(BATCH_SIZE)).records();
        if (records.isEmpty()) {
            return false;
        }
        if (mode == Mode.SKIPPING) {
            positions.put(shardId, records.getLast().dynamodb().sequenceNumber());
            return true;
        }
        if (mode == Mode.STOPPED) {
            return false; // stopped while reading: offer this batch again after the restart
        }
        deliver(shardId, records);
        return true;
    }

    private void deliver(String shardId, List<Record> records) {
        String next = records.getLast().dynamodb().sequenceNumber();
        List<Record> batch = records;
        while (running) {
            String failedAt;
            try {
                JsonNode answer = lambda.invoke(streamEvent(batch));
                failedAt = answer.path("batchItemFailures").path(0).path("itemIdentifier").asText(null);
            } catch (RuntimeException | Error invocationFailed) {
                // The whole invocation failed: the whole batch is offered again.
                System.out.println("esm-relay  invocation failed: " + invocationFailed);
                failedAt = batch.getFirst().dynamodb().sequenceNumber();
            }
            if (failedAt == null) {
                positions.put(shardId, next);
                return;
            }
            String from = failedAt;
            batch = batch.stream().dropWhile(r -> !r.dynamodb().sequenceNumber().equals(from)).toList();
            if (batch.isEmpty()) {
                // a sequence number not in the batch: nothing left to offer
                positions.put(shardId, next);
                return;
            }
            batchesRetried.incrementAndGet();
            if (mode != Mode.RUNNING) {
                // Stopped while retrying: the records before the failure are done, the rest wait.
                int failed = records.indexOf(batch.getFirst());
                if (failed > 0) {
                    positions.put(shardId, records.get(failed - 1).dynamodb().sequenceNumber());
                }
                return;
            }
            pause(RETRY_PAUSE_MILLIS);
        }
    }

    /** The DynamoDB stream event Lambda passes to a function, one record per change. */
    ObjectNode streamEvent(List<Record> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode out = event.putArray("Records");
        for (Record record : batch) {
            ObjectNode r = out.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", "1.1");
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", region);
            ObjectNode dynamodb = r.putObject("dynamodb");
            if (record.dynamodb().approximateCreationDateTime() != null) {
                dynamodb.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
            }
            dynamodb.set("Keys", image(record.dynamodb().keys()));
            if (record.dynamodb().hasNewImage()) {
                dynamodb.set("NewImage", image(record.dynamodb().newImage()));
            }
            dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
            dynamodb.put("SizeBytes", record.dynamodb().sizeBytes());
            dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
            r.put("eventSourceARN", streamArn);
        }
        return event;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, value(value)));
        return image;
    }

    private static JsonNode value(AttributeValue value) {
        ObjectNode typed = JSON.createObjectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case M -> typed.set("M", image(value.m()));
            case L -> {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            default -> throw new IllegalArgumentException("not in the events table: " + value);
        }
        return typed;
    }
}
