package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event model's rows and the "Try it" console, from the JSON the harness attaches. */
class GeneratedBlocksTest {

    private static final String TIMELINE = """
            [ {"role": "command", "route": "POST /orgs", "status": 201,
               "did": [{"kind": "event", "type": "OrgRegistered", "stream": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}]},
              {"role": "relay", "on": [{"type": "OrgRegistered", "stream": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}],
               "did": [{"kind": "published", "type": "OrgRegistered", "stream": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}]},
              {"role": "event handler", "on": [{"type": "OrgRegistered", "stream": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}],
               "did": [{"kind": "event", "type": "OtpIssued", "stream": "otp#+6591230001/contact/3f1c2d4e-0000-4000-8000-000000000000", "version": 1},
                       {"kind": "sms", "phone": "+6591230001"}]},
              {"role": "projection", "on": [{"type": "OrgRegistered", "stream": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}],
               "did": [{"kind": "view", "id": "org#3f1c2d4e-0000-4000-8000-000000000000", "version": 1}]},
              {"role": "query", "route": "GET /orgs/{id}", "status": 200,
               "did": [{"kind": "read", "id": "org#3f1c2d4e-0000-4000-8000-000000000000"}]},
              {"role": "event handler", "on": [{"type": "OtpIssued", "stream": "otp#+6591230001/contact/x", "version": 1}], "did": []} ]
            """;

    @Test
    void a_row_per_command_with_its_events_the_views_fed_from_them_and_their_readers() throws Exception {
        List<EventModelMacro.Row> rows = EventModelMacro.rows(new ObjectMapper().readTree(TIMELINE));
        assertThat(rows).extracting(row -> row.command)
                .containsExactly("POST /orgs (201)", "event handler,\non OrgRegistered");
        assertThat(rows.get(0).events).containsExactly("**OrgRegistered**\\norg#{id} v1");
        assertThat(rows.get(0).views).containsExactly("org v1");
        assertThat(rows.get(0).reads).containsExactly("GET /orgs/{id}");
        assertThat(rows.get(1).texted).isTrue();
        assertThat(rows.get(1).events).containsExactly("**OtpIssued**\\notp#+6591230001/contact/{id} v1");
        assertThat(rows.get(1).views).isEmpty();
    }

    @Test
    void each_command_gets_its_prompt_and_its_continuation_lines_none() {
        assertThat(TryItMacro.continues("curl -s $B/otp \\", "  | jq .")).isTrue();
        assertThat(TryItMacro.continues("until curl -s $B/x", "do sleep 0.2; done")).isTrue();
        assertThat(TryItMacro.continues("  -d '{\"a\": 1,", "       \"b\": 2}'")).isTrue();
        assertThat(TryItMacro.continues("OTP=$(curl -s $B/otp)", "echo \"$OTP\" | jq .")).isFalse();
    }

    @Test
    void a_line_of_json_wider_than_a_listing_is_indented_as_jq_does_and_any_other_is_cut() {
        String json = "{\"type\":\"urn:cqrs-workbook:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                + "\"errors\":[{\"field\":\"name\"}]}";
        assertThat(TryItMacro.output(json)).containsExactly("{", "  \"type\": \"urn:cqrs-workbook:problem:invalid-request\",",
                "  \"title\": \"Invalid request\",", "  \"status\": 400,", "  \"errors\": [", "    {",
                "      \"field\": \"name\"", "    }", "  ]", "}");
        List<String> cut = TryItMacro.output("x".repeat(150) + "\nshort\n");
        assertThat(cut).containsExactly("x".repeat(99) + "\u2026", "short");
        assertThat(TryItMacro.output("")).isEmpty();
    }
}
