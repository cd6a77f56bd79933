package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One materialised view: the document a query answers with, at the version it shows. */
public record View(String id, long version, ObjectNode document) {}
