package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One materialised view: the document a query answers with, at the version it shows, and the
 * id of the event of that version. The id tells a redelivery of that event (same id: nothing
 * to do) from another event stored at the same version after a compensation (another id:
 * the view is rebuilt from the store).
 */
public record View(String id, long version, String eventId, ObjectNode document) {}
