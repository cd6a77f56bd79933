package cqrs.workbook.gateway;

/** One invalid field of a request, by its path in the JSON body (e.g. {@code location.country}). */
public record FieldError(String field, String message) {}
