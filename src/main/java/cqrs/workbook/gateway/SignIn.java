package cqrs.workbook.gateway;

import cqrs.workbook.auth.Authentication;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.json.Json;

/**
 * The gateway's side of sign-in: the public keys at {@code /.well-known/jwks.json}, and the
 * 401 answers of routes that need a token, with the challenge RFC 6750 asks for.
 */
public final class SignIn {

    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private final Tokens tokens;

    public SignIn(Tokens tokens) {
        this.tokens = tokens;
    }

    public void register(HttpApi api) {
        api.route("GET", JWKS_PATH, (request, path) ->
                HttpResponse.json(200, Json.PUBLIC.valueToTree(tokens.jwks()))
                        .withHeader("Cache-Control", "public, max-age=300"));
    }

    /**
     * No token: a bare {@code Bearer} challenge, since there is nothing to find fault with.
     * A refused token: {@code error="invalid_token"}; the detail says why, the token is not echoed.
     */
    static HttpResponse unauthorized(Authentication.NoToken none) {
        return HttpResponse.problem(Problem.of(401, "unauthorized", "Unauthorized",
                        "this route needs Authorization: Bearer <token>; POST /otp/verify answers one"))
                .withHeader("WWW-Authenticate", "Bearer");
    }

    static HttpResponse unauthorized(Authentication.InvalidToken invalid) {
        return HttpResponse.problem(Problem.of(401, "invalid-token", "Invalid token", invalid.reason()
                        + "; sign in again through POST /otp and POST /otp/verify"))
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
}
