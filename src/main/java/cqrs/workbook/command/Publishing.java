package cqrs.workbook.command;

import java.util.Locale;

/**
 * How a stored event reaches the broker.
 * <ul>
 * <li>{@code COMPENSATION}: the command handler publishes it after the put, and deletes it
 *     again when publishing fails (the prototype's design);</li>
 * <li>{@code OUTBOX}: the put is the command's only write; the events table's DynamoDB stream
 *     feeds the relay, which publishes every new item and retries until it succeeds.</li>
 * </ul>
 */
public enum Publishing {
    COMPENSATION, OUTBOX;

    /** The value of {@code EVENT_PUBLISHING}. */
    public static Publishing of(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "compensation" -> COMPENSATION;
            case "outbox" -> OUTBOX;
            default -> throw new IllegalArgumentException("EVENT_PUBLISHING is compensation or outbox, not " + value);
        };
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
