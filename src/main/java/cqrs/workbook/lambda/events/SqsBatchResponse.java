package cqrs.workbook.lambda.events;

import java.util.List;

/** The partial-batch answer ({@code ReportBatchItemFailures}): the messages to leave in the queue. */
public record SqsBatchResponse(List<BatchItemFailure> batchItemFailures) {

    public record BatchItemFailure(String itemIdentifier) {}

    public static SqsBatchResponse failed(List<String> messageIds) {
        return new SqsBatchResponse(messageIds.stream().map(BatchItemFailure::new).toList());
    }
}
