package cqrs.workbook.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.lambda.events.SqsBatchResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIFO rule of partial batch failures: nothing after a failed message may be done. */
class QueueConsumerTest {

    private static SqsEvent.Message message(String id, String body) {
        return message(id, "org#1", body);
    }

    private static SqsEvent.Message message(String id, String group, String body) {
        return new SqsEvent.Message(id, "handle-" + id, body, null, java.util.Map.of("MessageGroupId", group),
                java.util.Map.of(), "aws:sqs", "arn:aws:sqs:us-east-1:000000000000:test.fifo", "us-east-1");
    }

    private static String event(String stream, long version) {
        return event(version).replace("org#1", stream);
    }

    private static final java.time.Duration MESSAGE = java.time.Duration.ofSeconds(1);

    private static String event(long version) {
        return "{\"stream\":\"org#1\",\"version\":" + version + ",\"type\":\"OrgRegistered\",\"eventId\":\"e"
                + version + "\",\"recordedAt\":\"2026-01-01T00:00:00Z\",\"payload\":{}}";
    }

    private static List<String> failed(SqsBatchResponse response) {
        return response.batchItemFailures().stream().map(SqsBatchResponse.BatchItemFailure::itemIdentifier).toList();
    }

    @Test
    void at_the_first_failure_it_and_every_later_message_are_reported_and_not_consumed() {
        List<Long> consumed = new ArrayList<>();
        SqsBatchResponse response = QueueConsumer.consume("test", MESSAGE,
                List.of(message("m1", event(1)), message("m2", "not an event"), message("m3", event(3)),
                        message("m4", event(4))),
                (PublishedEvent e) -> consumed.add(e.version()));
        assertThat(failed(response)).containsExactly("m2", "m3", "m4");
        assertThat(consumed).containsExactly(1L);
    }

    @Test
    void a_consumer_that_throws_fails_its_message_and_the_rest() {
        SqsBatchResponse response = QueueConsumer.consume("test", MESSAGE,
                List.of(message("m1", event(1)), message("m2", event(2)), message("m3", event(3))),
                e -> {
                    if (e.version() == 2) {
                        throw new IllegalStateException("projection failed");
                    }
                });
        assertThat(failed(response)).containsExactly("m2", "m3");
    }

    @Test
    void a_batch_that_all_succeeds_reports_nothing() {
        SqsBatchResponse response = QueueConsumer.consume("test", MESSAGE,
                List.of(message("m1", event(1)), message("m2", event(2))), e -> { });
        assertThat(failed(response)).isEmpty();
    }

    @Test
    void a_failure_fails_only_the_later_messages_of_its_own_group() {
        List<String> consumed = new ArrayList<>();
        SqsBatchResponse response = QueueConsumer.consume("test", MESSAGE,
                List.of(message("a1", "org#a", event("org#a", 1)), message("b1", "org#b", "poison"),
                        message("a2", "org#a", event("org#a", 2)), message("b2", "org#b", event("org#b", 2)),
                        message("c1", "org#c", event("org#c", 1))),
                e -> consumed.add(e.stream() + " v" + e.version()));
        assertThat(failed(response)).containsExactly("b1", "b2");
        assertThat(consumed).containsExactly("org#a v1", "org#a v2", "org#c v1");
    }

    @Test
    void near_the_deadline_no_message_is_started_and_the_rest_are_reported() {
        List<Long> consumed = new ArrayList<>();
        SqsBatchResponse response = cqrs.workbook.invocation.Deadline.in(java.time.Duration.ofMillis(500)).run(() ->
                QueueConsumer.consume("test", MESSAGE,
                        List.of(message("m1", event(1)), message("m2", "org#2", event("org#2", 1))),
                        (PublishedEvent e) -> consumed.add(e.version())));
        assertThat(failed(response)).containsExactly("m1", "m2");
        assertThat(consumed).isEmpty();
    }
}
