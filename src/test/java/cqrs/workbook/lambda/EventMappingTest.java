package cqrs.workbook.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.json.Json;
import cqrs.workbook.lambda.events.ApiGatewayRequest;
import cqrs.workbook.lambda.events.ApiGatewayResponse;
import cqrs.workbook.lambda.events.SqsBatchResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The project's own event records hold to the events Lambda documents: the samples under
 * src/test/resources/events are written from AWS's documented shapes (the API Gateway REST
 * proxy event, payload format 1.0, and an SQS FIFO batch), fields the function does not read
 * included, so that a field AWS adds is skipped rather than refused.
 */
class EventMappingTest {

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = EventMappingTest.class.getResourceAsStream("/events/" + name)) {
            return Json.PUBLIC.readTree(in);
        }
    }

    @Test
    void an_api_gateway_proxy_event_reads_into_the_request_record() throws IOException {
        ApiGatewayRequest request = Json.PUBLIC.treeToValue(sample("api-gateway-proxy-request.json"), ApiGatewayRequest.class);
        assertThat(request.httpMethod()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/orgs");
        assertThat(request.resource()).isEqualTo("/orgs");
        assertThat(request.headers()).containsEntry("Content-Type", "application/json").hasSize(14);
        assertThat(request.multiValueHeaders()).containsEntry("X-Forwarded-Port", List.of("443"));
        assertThat(request.queryStringParameters()).isEqualTo(Map.of("dryRun", "false"));
        assertThat(request.pathParameters()).isNull();
        assertThat(request.requestContext().requestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(request.requestContext().stage()).isEqualTo("Prod");
        assertThat(request.body()).startsWith("{\"name\": \"Acme Pte Ltd\"");
        assertThat(request.isBase64Encoded()).isFalse();
    }

    @Test
    void a_base64_body_is_flagged() throws IOException {
        JsonNode event = sample("api-gateway-proxy-request.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("isBase64Encoded", true).put("body", "e30=");
        ApiGatewayRequest request = Json.PUBLIC.treeToValue(event, ApiGatewayRequest.class);
        assertThat(request.isBase64Encoded()).isTrue();
        assertThat(request.body()).isEqualTo("e30=");
    }

    @Test
    void the_response_is_written_with_the_proxy_integration_field_names() {
        JsonNode written = Json.PUBLIC.valueToTree(new ApiGatewayResponse(201,
                Map.of("Location", "/orgs/1"), "{\"id\":\"1\"}", false));
        assertThat(written.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrder("statusCode", "headers", "body", "isBase64Encoded");
        assertThat(written.path("statusCode").asInt()).isEqualTo(201);
        assertThat(written.path("headers").path("Location").asText()).isEqualTo("/orgs/1");
        assertThat(written.path("isBase64Encoded").isBoolean()).isTrue();
    }

    @Test
    void an_sqs_fifo_batch_reads_into_the_event_record() throws IOException {
        SqsEvent event = Json.PUBLIC.treeToValue(sample("sqs-fifo-event.json"), SqsEvent.class);
        assertThat(event.records()).hasSize(2);
        SqsEvent.Message first = event.records().getFirst();
        assertThat(first.messageId()).isEqualTo("11d6ee51-4cc7-4302-9e22-7cd8afdaadf5");
        assertThat(first.body()).isEqualTo("Test message.");
        assertThat(first.eventSourceARN()).isEqualTo("arn:aws:sqs:us-east-2:123456789012:fifo.fifo");
        assertThat(first.attributes()).containsEntry("MessageGroupId", "1").containsEntry("SequenceNumber", "18849496460467696128");
        assertThat(first.messageAttributes().get("myAttribute").stringValue()).isEqualTo("myValue");
        assertThat(first.messageAttributes().get("myAttribute").dataType()).isEqualTo("String");
        assertThat(event.records().get(1).messageAttributes()).isEmpty();
    }

    @Test
    void the_batch_response_names_the_failed_messages_as_lambda_expects() {
        JsonNode written = Json.PUBLIC.valueToTree(SqsBatchResponse.failed(List.of("m2", "m3")));
        assertThat(written.toString())
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"},{\"itemIdentifier\":\"m3\"}]}");
        assertThat(Json.PUBLIC.valueToTree(new SqsBatchResponse(List.of())).toString())
                .isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void an_event_without_records_is_an_empty_batch() throws IOException {
        assertThat(Json.PUBLIC.readValue("{\"Records\": []}", SqsEvent.class).records()).isEmpty();
    }
}
