package cqrs.workbook.lambda.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The API Gateway REST API proxy event (payload format 1.0), as far as this function reads
 * it. Lambda passes more (the request context's identity, stage variables...); those fields
 * are skipped, not refused: AWS adds fields to its events without notice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiGatewayRequest(String resource, String path, String httpMethod,
                                Map<String, String> headers,
                                Map<String, List<String>> multiValueHeaders,
                                Map<String, String> queryStringParameters,
                                Map<String, List<String>> multiValueQueryStringParameters,
                                Map<String, String> pathParameters, RequestContext requestContext,
                                String body, boolean isBase64Encoded) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    /**
     * {@code path} is the path the client called, the stage
     * or a custom domain's base path included.
     */
    public record RequestContext(String requestId, String stage, String resourcePath,
            String httpMethod, String path) {}
}
