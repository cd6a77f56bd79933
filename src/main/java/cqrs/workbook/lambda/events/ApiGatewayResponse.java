package cqrs.workbook.lambda.events;

import java.util.Map;

/** What a proxy integration answers API Gateway: status, headers, body (text, never base64 here). */
public record ApiGatewayResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {}
