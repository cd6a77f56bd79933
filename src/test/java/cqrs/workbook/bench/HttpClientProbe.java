package cqrs.workbook.bench;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * make bench only, run in a fresh JVM per measurement: how long from the JVM's start until a
 * DynamoDB client built with a given HTTP client has its first answer, and how long the
 * client took to build. Prints {@code build_ms first_call_ms since_jvm_start_ms}.
 */
public final class HttpClientProbe {

    public static void main(String[] args) {
        long start = System.nanoTime();
        SdkHttpClient.Builder<?> http = switch (args[0]) {
            case "crt" -> AwsCrtHttpClient.builder();
            case "url-connection" -> UrlConnectionHttpClient.builder();
            default -> throw new IllegalArgumentException(args[0]);
        };
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .region(Region.of(args[2]))
                .endpointOverride(URI.create(args[1]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(http)
                .build();
        long built = System.nanoTime();
        dynamo.query(q -> q.tableName(args[3]).consistentRead(true).limit(1).scanIndexForward(false)
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "stream"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("org#sentinel"))));
        long answered = System.nanoTime();
        long sinceJvmStart = System.currentTimeMillis() - ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        System.out.printf("%.1f %.1f %d%n", (built - start) / 1e6, (answered - built) / 1e6, sinceJvmStart);
        dynamo.close();
    }
}
