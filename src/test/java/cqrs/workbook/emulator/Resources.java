package cqrs.workbook.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The AWS resources of one run, as the SAM template declares them for a deployment: the
 * event store and view tables, the SNS FIFO topic, and for each consumer an SQS FIFO queue
 * subscribed with raw delivery, with a FIFO dead-letter queue behind it.
 */
public final class Resources implements AutoCloseable {

    /** After this many failed receives a message goes to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** The countries SMS may go to, as the template's default {@code SmsCountries}. */
    public static final String SMS_COUNTRIES = "SG,MY";
    /** The id of the one OTP key the harness starts with. */
    public static final String OTP_KEY_ID = "1";
    /** A parked message waits 14 days, the longest SQS keeps one, for someone to look at it. */
    public static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
    /** As in the SAM template: six times the function's timeout, as AWS advises. */
    public static final int VISIBILITY_TIMEOUT_SECONDS = 90;

    public final String prefix;
    public final String eventsTable;
    public final String viewsTable;
    public final String topicArn;
    public final Queue projectionQueue;
    public final Queue reactionQueue;
    /** The SecureString parameter holding the OTP keys, as {@code make deploy} asks a deployer to put it. */
    public final String otpKeysParameter;
    /** The KMS key that signs sign-in tokens, and the issuer they name. */
    public final String tokenKeyId;
    public final String tokenIssuer;
    /** The DynamoDB stream of the events table, which the relay reads under the outbox strategy. */
    public final String eventsStreamArn;
    /** Where the relay parks an event it can never publish (a standard queue, as in the template). */
    public final String parkingQueueUrl;
    private final TestAws aws;

    /** A queue and its dead-letter queue. */
    public record Queue(String url, String arn, String dlqUrl, String dlqArn, String subscriptionArn) {}

    private Resources(TestAws aws, String prefix, String topicArn, Queue projectionQueue, Queue reactionQueue,
                      String tokenKeyId, String eventsStreamArn, String parkingQueueUrl) {
        this.aws = aws;
        this.eventsStreamArn = eventsStreamArn;
        this.parkingQueueUrl = parkingQueueUrl;
        this.prefix = prefix;
        this.eventsTable = prefix + "-events";
        this.viewsTable = prefix + "-views";
        this.topicArn = topicArn;
        this.projectionQueue = projectionQueue;
        this.reactionQueue = reactionQueue;
        this.otpKeysParameter = "/" + prefix + "/otp-keys";
        this.tokenKeyId = tokenKeyId;
        this.tokenIssuer = "urn:cqrs-workbook:" + prefix;
    }

    public static Resources create(TestAws aws) {
        return create(aws, VISIBILITY_TIMEOUT_SECONDS);
    }

    /** The scenarios pass a short visibility timeout, so that a failing message is retried soon. */
    public static Resources create(TestAws aws, int visibilityTimeoutSeconds) {
        String prefix = "workbook-" + UUID.randomUUID().toString().substring(0, 8);
        createTable(aws, prefix + "-events", List.of(
                new Key("stream", ScalarAttributeType.S, KeyType.HASH),
                new Key("version", ScalarAttributeType.N, KeyType.RANGE)), true);
        createTable(aws, prefix + "-views", List.of(new Key("id", ScalarAttributeType.S, KeyType.HASH)), false);
        String eventsStreamArn = aws.dynamo().describeTable(d -> d.tableName(prefix + "-events")).table().latestStreamArn();
        String parkingQueueUrl = aws.sqs().createQueue(q -> q.queueName(prefix + "-relay-parked")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(DLQ_RETENTION_SECONDS))))
                .queueUrl();
        String topicArn = aws.sns().createTopic(t -> t.name(prefix + "-events.fifo")
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "false"))).topicArn();
        Queue projection = createQueue(aws, prefix + "-projection", topicArn, visibilityTimeoutSeconds);
        Queue reaction = createQueue(aws, prefix + "-reaction", topicArn, visibilityTimeoutSeconds);
        // As the template's TokenKey: an asymmetric P-256 key for signing; its private half stays in KMS.
        String tokenKeyId = aws.kms().createKey(k -> k.description(prefix + " sign-in tokens")
                .keyUsage(KeyUsageType.SIGN_VERIFY).keySpec(KeySpec.ECC_NIST_P256)).keyMetadata().keyId();
        return new Resources(aws, prefix, topicArn, projection, reaction, tokenKeyId, eventsStreamArn,
                parkingQueueUrl);
    }

    /** The Lambda's environment for these resources, as the SAM template sets it. */
    public Map<String, String> lambdaEnvironment(AwsBackend backend, String otpKey) {
        return lambdaEnvironment(backend, otpKey, "compensation");
    }

    /** The same, with {@code EVENT_PUBLISHING} set to {@code publishing} (compensation or outbox). */
    public Map<String, String> lambdaEnvironment(AwsBackend backend, String otpKey, String publishing) {
        putOtpKeys(OTP_KEY_ID, Map.of(OTP_KEY_ID, otpKey));
        return lambdaEnvironmentWithoutKeys(backend, publishing);
    }

    /** The same environment, leaving the keys parameter as it is (a rotation put new keys in it). */
    public Map<String, String> lambdaEnvironmentWithoutKeys(AwsBackend backend) {
        return lambdaEnvironmentWithoutKeys(backend, "compensation");
    }

    private Map<String, String> lambdaEnvironmentWithoutKeys(AwsBackend backend, String publishing) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", backend.region().id());
        backend.endpoint().ifPresent(uri -> env.put("AWS_ENDPOINT_URL", uri.toString()));
        backend.credentials().ifPresent(credentials -> putCredentials(env, credentials));
        env.put("EVENTS_TABLE", eventsTable);
        env.put("VIEWS_TABLE", viewsTable);
        env.put("EVENTS_TOPIC_ARN", topicArn);
        env.put("OTP_KEYS_PARAMETER", otpKeysParameter);
        env.put("SMS_COUNTRIES", SMS_COUNTRIES);
        env.put("PROJECTION_QUEUE_ARN", projectionQueue.arn());
        env.put("REACTION_QUEUE_ARN", reactionQueue.arn());
        env.put("TOKEN_KEY_ID", tokenKeyId);
        env.put("TOKEN_ISSUER", tokenIssuer);
        env.put("EVENT_PUBLISHING", publishing);
        env.put("PARKING_QUEUE_URL", parkingQueueUrl);
        return env;
    }

    /**
     * What an operator tool, or anyone, needs to find this system: shell {@code NAME=value}
     * lines, as {@code make run} writes them to {@code target/run/env}.
     */
    public Map<String, String> operatorEnvironment(AwsBackend backend) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        backend.endpoint().ifPresent(uri -> env.put("AWS_ENDPOINT_URL", uri.toString()));
        env.put("AWS_REGION", backend.region().id());
        env.put("AWS_DEFAULT_REGION", backend.region().id()); // what version 1 of the AWS CLI reads
        // The emulator's own placeholder keys, so that a shell
        // that sources the file can use the AWS CLI.
        backend.credentials().ifPresent(keys -> {
            env.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
        });
        env.put("EVENTS_TABLE", eventsTable);
        env.put("VIEWS_TABLE", viewsTable);
        env.put("EVENTS_TOPIC_ARN", topicArn);
        env.put("PROJECTION_QUEUE_URL", projectionQueue.url());
        env.put("PROJECTION_QUEUE_ARN", projectionQueue.arn());
        env.put("PROJECTION_DLQ_URL", projectionQueue.dlqUrl());
        env.put("PROJECTION_DLQ_ARN", projectionQueue.dlqArn());
        env.put("REACTION_QUEUE_URL", reactionQueue.url());
        env.put("REACTION_QUEUE_ARN", reactionQueue.arn());
        env.put("REACTION_DLQ_URL", reactionQueue.dlqUrl());
        env.put("REACTION_DLQ_ARN", reactionQueue.dlqArn());
        env.put("PARKING_QUEUE_URL", parkingQueueUrl);
        env.put("EVENTS_STREAM_ARN", eventsStreamArn);
        return env;
    }

    /** Writes the keys parameter: {@code {"current": id, "keys": {id: key, ...}}}, a SecureString. */
    public void putOtpKeys(String current, Map<String, String> keys) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        json.put("current", current);
        keys.forEach(json.putObject("keys")::put);
        aws.ssm().putParameter(p -> p.name(otpKeysParameter).type(ParameterType.SECURE_STRING)
                .value(json.toString()).overwrite(true));
    }

    private static void putCredentials(Map<String, String> env, AwsCredentials credentials) {
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
    }

    @Override
    public void close() {
        for (Queue queue : List.of(projectionQueue, reactionQueue)) {
            quietly(() -> aws.sns().unsubscribe(u -> u.subscriptionArn(queue.subscriptionArn())));
            quietly(() -> aws.sqs().deleteQueue(d -> d.queueUrl(queue.url())));
            quietly(() -> aws.sqs().deleteQueue(d -> d.queueUrl(queue.dlqUrl())));
        }
        quietly(() -> aws.sqs().deleteQueue(d -> d.queueUrl(parkingQueueUrl)));
        quietly(() -> aws.sns().deleteTopic(d -> d.topicArn(topicArn)));
        quietly(() -> aws.dynamo().deleteTable(d -> d.tableName(eventsTable)));
        quietly(() -> aws.dynamo().deleteTable(d -> d.tableName(viewsTable)));
        quietly(() -> aws.ssm().deleteParameter(d -> d.name(otpKeysParameter)));
        quietly(() -> aws.kms().scheduleKeyDeletion(d -> d.keyId(tokenKeyId).pendingWindowInDays(7)));
    }

    private record Key(String name, ScalarAttributeType type, KeyType keyType) {}

    private static void createTable(TestAws aws, String name, List<Key> keys, boolean stream) {
        aws.dynamo().createTable(t -> t.tableName(name)
                .streamSpecification(stream ? StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE).build() : null)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(keys.stream().map(k -> AttributeDefinition.builder()
                        .attributeName(k.name()).attributeType(k.type()).build()).toList())
                .keySchema(keys.stream().map(k -> KeySchemaElement.builder()
                        .attributeName(k.name()).keyType(k.keyType()).build()).toList()));
        aws.dynamo().waiter().waitUntilTableExists(w -> w.tableName(name));
    }

    private static Queue createQueue(TestAws aws, String name, String topicArn, int visibilityTimeoutSeconds) {
        String dlqUrl = aws.sqs().createQueue(q -> q.queueName(name + "-dlq.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(DLQ_RETENTION_SECONDS))))
                .queueUrl();
        String dlqArn = arn(aws, dlqUrl);
        String url = aws.sqs().createQueue(q -> q.queueName(name + ".fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + MAX_RECEIVE_COUNT + "}"))).queueUrl();
        String arn = arn(aws, url);
        // In AWS the queue must allow the topic to send to it; emulators accept either way.
        aws.sqs().setQueueAttributes(s -> s.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},\
                "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(arn, topicArn))));
        String subscription = aws.sns().subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true"))
                .returnSubscriptionArn(true)).subscriptionArn();
        return new Queue(url, arn, dlqUrl, dlqArn, subscription);
    }

    private static String arn(TestAws aws, String queueUrl) {
        return aws.sqs().getQueueAttributes(g -> g.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException ignored) {
            // best effort: the emulator goes away with the run anyway
        }
    }
}
