package cqrs.workbook.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import cqrs.workbook.broker.PublishedEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIFO rule of partial batch failures: nothing after a failed message may be done. */
class QueueConsumerTest {

    private static SQSMessage message(String id, String body) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static String event(long version) {
        return "{\"stream\":\"org#1\",\"version\":" + version + ",\"type\":\"OrgRegistered\",\"eventId\":\"e"
                + version + "\",\"recordedAt\":\"2026-01-01T00:00:00Z\",\"payload\":{}}";
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void at_the_first_failure_it_and_every_later_message_are_reported_and_not_consumed() {
        List<Long> consumed = new ArrayList<>();
        SQSBatchResponse response = QueueConsumer.consume("test",
                List.of(message("m1", event(1)), message("m2", "not an event"), message("m3", event(3)),
                        message("m4", event(4))),
                (PublishedEvent e) -> consumed.add(e.version()));
        assertThat(failed(response)).containsExactly("m2", "m3", "m4");
        assertThat(consumed).containsExactly(1L);
    }

    @Test
    void a_consumer_that_throws_fails_its_message_and_the_rest() {
        SQSBatchResponse response = QueueConsumer.consume("test",
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
        SQSBatchResponse response = QueueConsumer.consume("test",
                List.of(message("m1", event(1)), message("m2", event(2))), e -> { });
        assertThat(failed(response)).isEmpty();
    }
}
