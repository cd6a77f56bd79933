package cqrs.workbook.gateway;

import cqrs.workbook.command.Outcome;

/** The answers that every command route gives for the outcomes of the event transaction. */
final class Answers {

    private Answers() {}

    /** Every command route answers a failed transaction alike. */
    static HttpResponse failure(Outcome.Failure failure) {
        return switch (failure) {
            case Outcome.Failure.Conflict c -> HttpResponse.problem(Problem.of(409,
                    "conflict", "Conflict",
                    "concurrent writes won the race for the next version " + c.attempts()
                            + " times; nothing was stored, retry later"));
            case Outcome.Failure.NotPublished n -> unavailable(Problem.of(503,
                    "broker-unavailable", "Service unavailable",
                    "the event could not be published, so it was not stored either; retry later"));
            case Outcome.Failure.StoredNotPublished s -> unavailable(Problem.of(503,
                    "stored-not-published", "Service unavailable",
                    "the event is stored at version " + s.version() + " but could not be published; "
                            + "subscribers learn of it later; read the resource before retrying")
                    .with("version", s.version()));
            case Outcome.Failure.OutcomeUnknown u -> unavailable(Problem.of(503,
                    "outcome-unknown", "Service unavailable",
                    "the event store did not say whether the change was stored, "
                            + "and could not be asked again; "
                            + "retry with the same Idempotency-Key, which is safe"));
            case Outcome.Failure.OutOfTime o -> unavailable(Problem.of(503,
                    "out-of-time", "Service unavailable",
                    "too little time was left to carry the command out; nothing was stored, retry"));
            case Outcome.Failure.VersionMismatch m -> HttpResponse.problem(Problem.of(412,
                    "precondition-failed", "Precondition failed",
                    "If-Match names version " + m.expected()
                            + " but the current version is " + m.current())
                    .with("currentVersion", m.current()));
        };
    }

    /** A 503: the client may try again in a second. */
    private static HttpResponse unavailable(Problem problem) {
        return HttpResponse.problem(problem).withHeader("Retry-After", "1");
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
