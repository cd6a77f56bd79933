package cqrs.workbook.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.invocation.Deadline;
import cqrs.workbook.json.Json;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** The relay's decisions on one batch: publish in order, stop at a failure, park what never decodes, mind the deadline. */
class RelayTest {

    private final List<String> published = new ArrayList<>();
    private final List<String> parked = new ArrayList<>();
    private int failingPublishes;

    private Relay relay() {
        SnsClient sns = (SnsClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SnsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("publish")) {
                        PublishRequest.Builder request = PublishRequest.builder();
                        if (args[0] instanceof Consumer<?> build) {
                            @SuppressWarnings("unchecked") Consumer<PublishRequest.Builder> b = (Consumer<PublishRequest.Builder>) build;
                            b.accept(request);
                        }
                        if (failingPublishes > 0) {
                            failingPublishes--;
                            throw SdkClientException.create("broker down");
                        }
                        published.add(Json.PUBLIC.readTree(request.build().message()).path("version").asText());
                        return PublishResponse.builder().build();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SqsClient sqs = (SqsClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        SendMessageRequest.Builder request = SendMessageRequest.builder();
                        @SuppressWarnings("unchecked") Consumer<SendMessageRequest.Builder> b = (Consumer<SendMessageRequest.Builder>) args[0];
                        b.accept(request);
                        parked.add(request.build().messageBody());
                        return SendMessageResponse.builder().build();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Relay(new EventPublisher(sns, "arn:aws:sns:us-east-1:000000000000:events.fifo"),
                new ParkingQueue(() -> sqs, "https://queue/parked"), Duration.ofSeconds(2));
    }

    private static ObjectNode record(int sequence, long version, String payload, boolean writerPublishes) {
        ObjectNode record = Json.PUBLIC.createObjectNode().put("eventName", "INSERT").put("eventSource", "aws:dynamodb");
        ObjectNode dynamodb = record.putObject("dynamodb").put("SequenceNumber", Integer.toString(sequence));
        ObjectNode image = dynamodb.putObject("NewImage");
        image.putObject("stream").put("S", "org#7d9e7c2a-7f3e-4a8e-9d6c-0b1b5d2f6e11");
        image.putObject("version").put("N", Long.toString(version));
        image.putObject("eventId").put("S", "e" + version);
        image.putObject("type").put("S", "OrgContactVerified");
        image.putObject("payload").put("S", payload);
        image.putObject("recordedAt").put("S", "2026-12-01T00:00:00Z");
        if (writerPublishes) {
            image.putObject("publishedBy").put("S", "writer");
        }
        return record;
    }

    private static String verified(long version) {
        return "{\"id\":\"7d9e7c2a-7f3e-4a8e-9d6c-0b1b5d2f6e11\",\"phone\":\"+6591234567\",\"verifiedAt\":\"2026-12-01T00:00:0"
                + version + "Z\"}";
    }

    private static JsonNode batch(ObjectNode... records) {
        ObjectNode event = Json.PUBLIC.createObjectNode();
        ArrayNode all = event.putArray("Records");
        for (ObjectNode record : records) {
            all.add(record);
        }
        return event;
    }

    private static List<String> failures(JsonNode answer) {
        List<String> failed = new ArrayList<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        return failed;
    }

    @Test
    void a_failed_publish_stops_the_batch_there_and_reports_that_record() {
        failingPublishes = 1;
        JsonNode answer = relay().relay(batch(record(1, 1, verified(1), false), record(2, 2, verified(2), false)));
        assertThat(failures(answer)).containsExactly("1");
        assertThat(published).isEmpty();
    }

    @Test
    void an_undecodable_event_is_parked_with_its_identity_and_the_rest_flows() throws Exception {
        JsonNode answer = relay().relay(batch(record(1, 1, "{\"id\": \"cut sh", false), record(2, 2, verified(2), false)));
        assertThat(failures(answer)).isEmpty();
        assertThat(published).containsExactly("2");
        assertThat(parked).hasSize(1);
        JsonNode identity = Json.PUBLIC.readTree(parked.getFirst());
        assertThat(identity.path("eventId").asText()).isEqualTo("e1");
        assertThat(identity.path("version").asLong()).isEqualTo(1);
        assertThat(identity.path("stream").asText()).startsWith("org#");
        assertThat(identity.has("payload")).isFalse();
    }

    @Test
    void an_event_its_writer_publishes_is_skipped() {
        JsonNode answer = relay().relay(batch(record(1, 1, verified(1), true), record(2, 2, verified(2), false)));
        assertThat(failures(answer)).isEmpty();
        assertThat(published).containsExactly("2");
    }

    @Test
    void near_the_deadline_no_record_is_started() {
        JsonNode answer = Deadline.in(Duration.ofMillis(500)).run(() ->
                relay().relay(batch(record(1, 1, verified(1), false), record(2, 2, verified(2), false))));
        assertThat(failures(answer)).containsExactly("1");
        assertThat(published).isEmpty();
    }
}
