package cqrs.workbook.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;

// tag::priming[]
/**
 * SnapStart priming: before Lambda snapshots the initialised function, representative
 * requests go through the real handler, so that the classes they need are loaded, the SDK's
 * marshallers and the JSON mappers are built, and the code is compiled, in the snapshot.
 * None of them changes anything: a query of a sentinel org that no one can register (the
 * nil-like UUID below is never drawn: version 4 UUIDs have a random part), an update of that
 * org, which the decider rejects after reading its empty stream, an invalid profile, and an
 * empty SQS batch. Nothing unique is made: no UUID, no code, no token; the handler draws
 * those per request, after the restore.
 */
final class Priming implements Resource {

    static final String SENTINEL = "00000000-0000-4000-8000-000000000000";
    private static final String PROFILE =
            "{\\\"name\\\": \\\"Priming\\\", \\\"location\\\": {\\\"city\\\": \\\"Singapore\\\", \\\"country\\\": \\\"SG\\\"}}";
    private static final List<String> REQUESTS = List.of(
            http("GET", "/orgs/" + SENTINEL, "null"),
            http("PUT", "/orgs/" + SENTINEL, "\"" + PROFILE + "\""),
            http("POST", "/orgs", "\"{\\\"name\\\": \\\"\\\"}\""),
            "{\"Records\": []}");

    private final Handler handler;

    Priming(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the function keeps no unique value from its init.
    }

    /** Runs the requests; the handler also calls it at init under provisioned concurrency. */
    void prime() {
        for (int round = 0; round < 3; round++) {
            for (String request : REQUESTS) {
                try {
                    handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                            new ByteArrayOutputStream(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static String http(String method, String path, String body) {
        return "{\"httpMethod\": \"" + method + "\", \"path\": \"" + path + "\", \"resource\": \"/{proxy+}\","
                + " \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": " + body
                + ", \"isBase64Encoded\": false}";
    }
}
// end::priming[]
