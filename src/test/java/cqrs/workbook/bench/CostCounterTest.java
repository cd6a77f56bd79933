package cqrs.workbook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The counter sees what the SDK sends: a real client, over real HTTP, to a server that answers
 * as DynamoDB would, one scripted answer per request.
 */
class CostCounterTest {

    private record Answer(int status, String body) {}

    private final Deque<Answer> script = new ArrayDeque<>();
    private HttpServer server;
    private CostCounter counter;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer answer = script.isEmpty() ? new Answer(500, "{}") : script.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        counter = new CostCounter();
        dynamo = DynamoDbClient.builder().region(Region.AP_SOUTHEAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter)
                        .retryStrategy(r -> r.maxAttempts(3).backoffStrategy(
                                software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())))
                .build();
    }

    @AfterEach
    void stop() {
        dynamo.close();
        server.stop(0);
    }

    private static final Map<String, AttributeValue> ITEM = Map.of("stream", AttributeValue.fromS("org#1"),
            "version", AttributeValue.fromN("1"), "payload", AttributeValue.fromS("x".repeat(1500)));

    @Test
    void a_retried_call_is_two_requests_and_one_billed_write() {
        script.add(new Answer(500, "{\"__type\": \"com.amazonaws.dynamodb.v20120810#InternalServerError\", \"message\": \"try again\"}"));
        script.add(new Answer(200, "{}"));
        dynamo.putItem(p -> p.tableName("events").item(ITEM));
        Map<String, Double> counted = counter.snapshot();
        assertThat(counted.get("requests.DynamoDb.PutItem")).isEqualTo(2.0);
        assertThat(counted.get(CostCounter.WRITE_UNITS)).as("1,500 bytes and names: two started KB").isEqualTo(2.0);
        assertThat(counted.get(CostCounter.WRITE_UNITS + ".events")).as("and by table").isEqualTo(2.0);
    }

    @Test
    void a_write_refused_by_its_condition_is_billed() {
        script.add(new Answer(400, "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\", "
                + "\"message\": \"The conditional request failed\"}"));
        assertThatThrownBy(() -> dynamo.putItem(p -> p.tableName("events").item(ITEM)
                .conditionExpression("attribute_not_exists(version)"))).isInstanceOf(ConditionalCheckFailedException.class);
        Map<String, Double> counted = counter.snapshot();
        assertThat(counted.get("requests.DynamoDb.PutItem")).as("not retried").isEqualTo(1.0);
        assertThat(counted.get(CostCounter.WRITE_UNITS)).isEqualTo(2.0);
    }

    @Test
    void a_query_is_billed_on_what_it_returned_together() {
        script.add(new Answer(200, "{\"Items\": [{\"stream\": {\"S\": \"org#1\"}, \"version\": {\"N\": \"2\"}}, "
                + "{\"stream\": {\"S\": \"org#1\"}, \"version\": {\"N\": \"1\"}}], \"Count\": 2}"));
        dynamo.query(q -> q.tableName("events").consistentRead(false).keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "stream"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("org#1"))));
        assertThat(counter.snapshot().get(CostCounter.READ_UNITS)).as("two small items, eventually consistent").isEqualTo(0.5);
    }
}
