package cqrs.workbook.lambda;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import cqrs.workbook.command.CallBudget;
import cqrs.workbook.command.Publishing;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * Everything the Lambda reads from its environment. In AWS these are the function's
 * environment variables; the scenarios and the local runner pass a map with the same keys.
 *
 * @param endpoint    {@code AWS_ENDPOINT_URL}: an AWS emulator; absent in AWS
 * @param credentials {@code AWS_ACCESS_KEY_ID} and friends when given; otherwise the SDK's
 *                    default chain (which is what SnapStart needs)
 * @param eventsTable {@code EVENTS_TABLE}: the event store
 * @param viewsTable  {@code VIEWS_TABLE}: the materialised views
 * @param topicArn    {@code EVENTS_TOPIC_ARN}: the SNS FIFO topic every event is published to
 * @param otpKeysParameter {@code OTP_KEYS_PARAMETER}: the name of the SecureString parameter
 *                    that holds the keys codes are hashed with (the name, never a key)
 * @param smsCountries {@code SMS_COUNTRIES}: the ISO 3166-1 alpha-2 codes of the countries the
 *                    system may send SMS to, comma-separated ({@code SG,MY})
 * @param projectionQueueArn {@code PROJECTION_QUEUE_ARN}: SQS events from it go to the projection
 * @param reactionQueueArn   {@code REACTION_QUEUE_ARN}: SQS events from it go to the event handler
 * @param tokenKeyId  {@code TOKEN_KEY_ID}: the KMS key (id, ARN or alias) that signs sign-in tokens
 * @param tokenIssuer {@code TOKEN_ISSUER}: the tokens' {@code iss}, checked on every token
 * @param publishing  {@code EVENT_PUBLISHING}: {@code outbox} (the default) or {@code compensation}
 * @param parkingQueueUrl {@code PARKING_QUEUE_URL}: where the relay parks an event it can never publish
 */
public record Config(Region region, Optional<URI> endpoint, Optional<AwsCredentials> credentials,
                     String eventsTable, String viewsTable, String topicArn, String otpKeysParameter,
                     String projectionQueueArn, String reactionQueueArn, String tokenKeyId, String tokenIssuer,
                     java.util.Set<String> smsCountries, Publishing publishing, String parkingQueueUrl) {

    /** The variables this function reads that its deployment must set; Lambda sets AWS_* itself. */
    public static final java.util.List<String> VARIABLES = java.util.List.of("EVENTS_TABLE", "VIEWS_TABLE",
            "EVENTS_TOPIC_ARN", "OTP_KEYS_PARAMETER", "PROJECTION_QUEUE_ARN", "REACTION_QUEUE_ARN",
            "TOKEN_KEY_ID", "TOKEN_ISSUER", "SMS_COUNTRIES", "EVENT_PUBLISHING", "PARKING_QUEUE_URL");

    /** The function's timeout: {@code Timeout} of the function in template.yaml. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(15);
    /** One DynamoDB call, its retries included, and each of its attempts. */
    public static final Duration DYNAMODB_CALL = Duration.ofMillis(2_000);
    public static final Duration DYNAMODB_ATTEMPT = Duration.ofMillis(800);
    /** One SNS call, its retries included, and each of its attempts. */
    public static final Duration SNS_CALL = Duration.ofMillis(2_000);
    public static final Duration SNS_ATTEMPT = Duration.ofMillis(1_000);
    /** Attempts of one call: the first and two retries, with the SDK's back-off between them. */
    public static final int CALL_ATTEMPTS = 3;
    /**
     * What a command may spend: the function's timeout less 1.5 s for the JVM, decoding and
     * the answer. See {@link CallBudget} for what must fit in it.
     */
    public static final CallBudget BUDGET = new CallBudget(DYNAMODB_CALL, SNS_CALL,
            FUNCTION_TIMEOUT.minus(Duration.ofMillis(1_500)));
    /** Kept back from Lambda's remaining time for writing the answer once the work is done. */
    public static final Duration ANSWER_RESERVE = Duration.ofMillis(500);
    /** The longest the relay spends on one record: a publish, or parking it in the queue. */
    public static final Duration RELAY_RECORD = SNS_CALL;
    /**
     * The longest the projection spends on one message: the view read, a stream read, the view write.
     */
    public static final Duration PROJECTION_MESSAGE = DYNAMODB_CALL.multipliedBy(3);
    /**
     * What the event handler must have left to start a message: the index call before its
     * command. The command then asks the deadline itself, for its own worst case, SMS included,
     * and refuses to start rather than be cut off.
     */
    public static final Duration REACTION_MESSAGE = DYNAMODB_CALL.multipliedBy(2);

    public static Config from(Map<String, String> env) {
        Optional<AwsCredentials> credentials = Optional.ofNullable(env.get("AWS_ACCESS_KEY_ID"))
                .map(keyId -> env.containsKey("AWS_SESSION_TOKEN")
                        ? AwsSessionCredentials.create(keyId, required(env, "AWS_SECRET_ACCESS_KEY"),
                                env.get("AWS_SESSION_TOKEN"))
                        : AwsBasicCredentials.create(keyId, required(env, "AWS_SECRET_ACCESS_KEY")));
        return new Config(
                Region.of(required(env, "AWS_REGION")),
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create),
                credentials,
                required(env, "EVENTS_TABLE"),
                required(env, "VIEWS_TABLE"),
                required(env, "EVENTS_TOPIC_ARN"),
                required(env, "OTP_KEYS_PARAMETER"),
                required(env, "PROJECTION_QUEUE_ARN"),
                required(env, "REACTION_QUEUE_ARN"),
                required(env, "TOKEN_KEY_ID"),
                required(env, "TOKEN_ISSUER"),
                java.util.Arrays.stream(required(env, "SMS_COUNTRIES").split(","))
                        .map(String::strip).filter(code -> !code.isEmpty())
                        .map(code -> code.toUpperCase(java.util.Locale.ROOT))
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                Publishing.of(env.getOrDefault("EVENT_PUBLISHING", "outbox")),
                required(env, "PARKING_QUEUE_URL"));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Config[region=" + region + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                + ", eventsTable=" + eventsTable + ", viewsTable=" + viewsTable + ", topicArn=" + topicArn + ", projectionQueueArn=" + projectionQueueArn
                + ", reactionQueueArn=" + reactionQueueArn + ", tokenKeyId=" + tokenKeyId
                + ", tokenIssuer=" + tokenIssuer + ", otpKeysParameter=" + otpKeysParameter
                + ", smsCountries=" + new java.util.TreeSet<>(smsCountries) + ", publishing=" + publishing
                + ", parkingQueueUrl=" + parkingQueueUrl + "]";
    }
}
