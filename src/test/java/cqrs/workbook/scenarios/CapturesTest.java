package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The event store capture shows where a code's hash is, never the hash. */
class CapturesTest {

    private static final String HMAC = "9f2c".repeat(16);

    @Test
    void every_hmac_of_a_code_is_replaced_by_the_marker_and_the_rest_stays_as_stored() {
        String stored = """
                {"otpId": "o1", "codeHash": {"keyId": "2026-11", "hmac": "%1$s"},
                 "supersededCodeHashes": [{"keyId": "2026-11", "hmac": "%1$s"}, "%1$s"],
                 "legacy": {"codeHash": "%1$s"}, "recentIssues": ["2026-12-06T03:25:36Z"]}
                """.formatted(HMAC);
        String shown = Captures.withoutHmacs(World.json(stored)).toString();
        assertThat(shown).doesNotContain(HMAC)
                .contains("\"codeHash\":{\"keyId\":\"2026-11\",\"hmac\":\"" + Captures.HMAC_MARKER + "\"}")
                .contains("\"legacy\":{\"codeHash\":\"" + Captures.HMAC_MARKER + "\"}")
                .contains("\"otpId\":\"o1\"", "\"recentIssues\":[\"2026-12-06T03:25:36Z\"]");
        assertThat(shown.split("HMAC of the code", -1)).hasSize(5);
    }
}
