package cqrs.workbook.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.json.Json;
import cqrs.workbook.otp.application.OtpKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads the OTP keys once, at init, from an SSM SecureString parameter whose value is
 * <pre>{"current": "2026-11", "keys": {"2026-11": "…64 hex characters…", "2026-05": "…"}}</pre>
 * The function's configuration names the parameter; only the function's role may decrypt it,
 * so the keys appear neither in the template, nor in the environment, nor on a command line.
 */
final class OtpKeyParameter {

    private OtpKeyParameter() {}

    static OtpKeys read(SsmClient ssm, String name) {
        String value = ssm.getParameter(g -> g.name(name).withDecryption(true)).parameter().value();
        try {
            JsonNode json = Json.PUBLIC.readTree(value);
            Map<String, byte[]> keys = new HashMap<>();
            json.path("keys").properties().forEach(key ->
                    keys.put(key.getKey(), key.getValue().asText()
                            .getBytes(StandardCharsets.UTF_8)));
            return new OtpKeys(json.path("current").asText(null), keys);
        } catch (IOException notJson) {
            // Not the parser's message: it would quote the value, which is the secret.
            throw new UncheckedIOException(new IOException("the parameter " + name
                    + " is not JSON of the form {\"current\": id, \"keys\": {id: key}}"));
        }
    }
}
