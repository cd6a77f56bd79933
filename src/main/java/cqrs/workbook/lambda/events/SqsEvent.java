package cqrs.workbook.lambda.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A batch of SQS messages as Lambda's event source mapping passes it: {@code {"Records": [...]}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsEvent(@JsonProperty("Records") List<Message> records) {

    public SqsEvent {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /**
     * One message; {@code eventSourceARN} names the queue, which tells the function's roles apart.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String messageId, String receiptHandle, String body, String md5OfBody,
                          Map<String, String> attributes,
                          Map<String, MessageAttribute> messageAttributes,
                          String eventSource, String eventSourceARN, String awsRegion) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageAttribute(String stringValue, String binaryValue, String dataType) {}
}
