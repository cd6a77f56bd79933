package cqrs.workbook.operate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the operator tools find the system. With {@code STACK=name}: in AWS, with the user's
 * own credentials (the SDK's default chain), the names read from the stack's outputs. Without
 * it: the local system of {@code make run}, from the {@code NAME=value} lines it writes to
 * {@code target/run/env}. A variable set in the environment wins over both.
 */
public record OperatorEnvironment(Map<String, String> values) {

    /** The file {@code make run} writes. */
    public static final Path RUN_ENV = Path.of("target", "run", "env");

    /** The stack outputs of template.yaml, by the name the tools use. */
    private static final Map<String, String> OUTPUTS = Map.of(
            "EVENTS_TABLE", "EventsTableName",
            "VIEWS_TABLE", "ViewsTableName",
            "EVENTS_TOPIC_ARN", "EventsTopicArn",
            "PROJECTION_QUEUE_URL", "ProjectionQueueUrl",
            "REACTION_QUEUE_URL", "ReactionQueueUrl",
            "PROJECTION_DLQ_URL", "ProjectionDlqUrl",
            "REACTION_DLQ_URL", "ReactionDlqUrl",
            "PARKING_QUEUE_URL", "RelayParkedUrl");

    public static OperatorEnvironment resolve(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        String stack = environment.get("STACK");
        if (stack != null && !stack.isBlank()) {
            try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                Map<String, String> outputs = new LinkedHashMap<>();
                cloudFormation.describeStacks(d -> d.stackName(stack)).stacks().getFirst().outputs()
                        .forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
                OUTPUTS.forEach((name, output) -> {
                    if (outputs.containsKey(output)) {
                        values.put(name, outputs.get(output));
                    }
                });
            }
        } else {
            values.putAll(read(Path.of(environment.getOrDefault("RUN_ENV", RUN_ENV.toString()))));
        }
        OUTPUTS.keySet().forEach(name -> Optional.ofNullable(environment.get(name)).ifPresent(v ->
                values.put(name, v)));
        for (String name : new String[] {"AWS_REGION", "AWS_ENDPOINT_URL"}) {
            Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank()).ifPresent(v ->
                    values.put(name, v));
        }
        return new OperatorEnvironment(Map.copyOf(values));
    }

    /** Shell {@code NAME=value} lines; blank lines and comments are skipped. */
    static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file
                    + " does not exist: start the system with make run first, "
                    + "or name a deployed stack with STACK=");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    String value = line.substring(eq + 1).strip();
                    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    values.put(line.substring(0, eq).strip(), value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not known: not in " + RUN_ENV
                    + " nor in the stack's outputs");
        }
        return value;
    }

    /** True on an emulator (make run), false in AWS. */
    public boolean emulated() {
        return values.containsKey("AWS_ENDPOINT_URL");
    }

    public DynamoDbClient dynamo() {
        return configure(DynamoDbClient.builder()).build();
    }

    public SnsClient sns() {
        return configure(SnsClient.builder()).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder()).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        Optional.ofNullable(values.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        Optional.ofNullable(values.get("AWS_ENDPOINT_URL")).map(URI::create)
                .ifPresent(builder::endpointOverride);
        // An emulator takes any keys; in AWS the user's own credentials, never keys from a file.
        AwsCredentialsProvider credentials = emulated()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("emulator", "emulator"))
                : DefaultCredentialsProvider.builder().build();
        return builder.credentialsProvider(credentials);
    }
}
