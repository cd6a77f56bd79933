package cqrs.workbook.eventstore;

import java.time.Instant;

/**
 * One item of the event store: an event at a version of a stream. {@code eventId} tells two
 * writes of the same version apart, so that compensation deletes only its own event.
 */
public record StoredEvent(String stream, long version, String eventId, String type, String payload,
                          Instant recordedAt) {}
