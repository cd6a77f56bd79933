package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.guide.ScenarioReport.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the guide draws what a scenario captured, from the JSON the harness attaches. */
class ScenarioMacroTest {

    private static final String EXCHANGES = """
            [ {"step": "When the client polls", "method": "GET", "path": "/orgs/1",
               "requestHeaders": {"If-None-Match": "\\"1\\""}, "requestBody": null,
               "status": 304, "headers": {"ETag": "\\"1\\""}, "body": ""},
              {"step": "When the client polls", "method": "GET", "path": "/orgs/1",
               "requestHeaders": {"If-None-Match": "\\"1\\""}, "requestBody": null,
               "status": 304, "headers": {"ETag": "\\"1\\""}, "body": ""},
              {"step": "When the client polls", "method": "GET", "path": "/orgs/1",
               "requestHeaders": {"If-None-Match": "\\"1\\""}, "requestBody": null,
               "status": 200, "headers": {"ETag": "\\"2\\"", "Content-Type": "application/json"},
               "body": "{\\"version\\": 2}"},
              {"step": "When a client sends POST /orgs", "method": "POST", "path": "/orgs",
               "requestHeaders": {"Content-Type": "application/json"}, "requestBody": "{}",
               "status": 400, "headers": {"Content-Type": "application/problem+json"},
               "body": "{\\"title\\": \\"Invalid request\\", \\"errors\\": [{\\"field\\": \\"name\\"}, {\\"field\\": \\"location\\"}]}"} ]
            """;

    private static Run run() {
        return new Run("a run", List.of(), Map.of("exchanges.json", EXCHANGES,
                "events.json", "[{\"stream\": \"org#1\", \"version\": 1, \"type\": \"OrgRegistered\"}]",
                "published.json", "[{}]", "views.json", "[]"), true);
    }

    @Test
    void every_exchange_is_read_with_the_step_that_made_it() {
        List<ScenarioMacro.Exchange> exchanges = ScenarioMacro.exchanges(EXCHANGES);
        assertThat(exchanges).hasSize(4);
        assertThat(exchanges).extracting(ScenarioMacro.Exchange::step).containsExactly(
                "When the client polls", "When the client polls", "When the client polls", "When a client sends POST /orgs");
        assertThat(exchanges.get(0).sameAs(exchanges.get(1))).isTrue();
        assertThat(exchanges.get(1).sameAs(exchanges.get(2))).isFalse();
    }

    @Test
    void a_response_is_written_as_http_with_its_reason_phrase_and_a_request_keeps_its_body() {
        List<ScenarioMacro.Exchange> exchanges = ScenarioMacro.exchanges(EXCHANGES);
        assertThat(exchanges.get(0).response(false)).startsWith("HTTP/1.1 304 Not Modified\n");
        assertThat(exchanges.get(3).request(false)).startsWith("POST /orgs HTTP/1.1\nContent-Type: application/json\n\n{ }");
        assertThat(exchanges.get(2).response(true)).contains("ETag: \"2\"").endsWith("\n{\"version\":2}\n");
    }

    @Test
    void an_outline_is_titled_with_the_values_of_the_example_it_shows() {
        var spec = new cqrs.workbook.guide.ScenarioReport.ScenarioSpec("t", "A feature",
                "The broker refuses the event (<strategy>: <outcome>)", "Scenario Outline", "features/x.feature", "",
                List.of(new Run("The broker refuses the event (compensation: deleted)", List.of(), Map.of(), true),
                        new Run("The broker refuses the event (outbox: published)", List.of(), Map.of(), true)));
        assertThat(ScenarioMacro.title(spec, "")).isEqualTo("The broker refuses the event (compensation: deleted)");
        assertThat(ScenarioMacro.title(spec, "outbox")).isEqualTo("The broker refuses the event (outbox: published)");
    }

    @Test
    void the_answer_of_a_run_names_the_fields_of_a_problem() {
        assertThat(ScenarioMacro.answer(run())).isEqualTo("400 naming name, location");
    }

    @Test
    void the_summary_counts_exchanges_events_messages_and_views() {
        List<String> out = new ArrayList<>();
        ScenarioMacro.whatChanged(run(), out);
        assertThat(String.join("\n", out)).contains("4 HTTP exchanges", "1 event stored", "OrgRegistered v1",
                "1 message published", "no view written");
    }

    /** A run that signed a phone in as setup, then registered an org. */
    private static Run signedInRun(List<ScenarioReport.StepResult> steps) {
        String exchanges = """
                [ {"step": "Given \\"+6590000201\\" signed in", "setup": "signed in +6590000201", "method": "POST",
                   "path": "/otp", "requestHeaders": {}, "requestBody": "{}", "status": 201, "headers": {}, "body": "{}"},
                  {"step": "Given \\"+6590000201\\" signed in", "setup": "signed in +6590000201", "method": "POST",
                   "path": "/otp/verify", "requestHeaders": {}, "requestBody": "{}", "status": 200, "headers": {}, "body": "{}"},
                  {"step": "When the org registers", "method": "POST", "path": "/orgs", "requestHeaders": {},
                   "requestBody": "{}", "status": 201, "headers": {}, "body": "{}"} ]
                """;
        String events = """
                [ {"stream": "org#1", "version": 1, "eventId": "e3", "type": "OrgRegistered",
                   "payload": {"owner": "+6590000201"}},
                  {"stream": "otp#+6590000201", "version": 1, "eventId": "e1", "type": "OtpIssued"},
                  {"stream": "otp#+6590000201", "version": 2, "eventId": "e2", "type": "OtpVerified"} ]
                """;
        String published = """
                [ {"deduplicationId": "e1"}, {"deduplicationId": "e2"}, {"deduplicationId": "e3"} ]
                """;
        String setup = """
                [ {"signedIn": "+6590000201", "step": "Given \\"+6590000201\\" signed in", "wholeStep": true,
                   "eventIds": ["e1", "e2"], "viewIds": ["otp-code#x", "texts#+6590000201"]} ]
                """;
        String views = """
                [ {"id": "org#1", "version": 1}, {"id": "otp-code#x", "version": 2}, {"id": "texts#+6590000201"} ]
                """;
        return new Run("a run", steps, Map.of("exchanges.json", exchanges, "events.json", events,
                "published.json", published, "views.json", views, "setup.json", setup), true);
    }

    private static ScenarioReport.StepResult step(String keyword, String text) {
        return new ScenarioReport.StepResult(keyword, text, "", List.of(),
                io.cucumber.messages.types.TestStepResultStatus.PASSED, "");
    }

    private static final List<ScenarioReport.StepResult> SIGNED_IN_STEPS = List.of(
            step("Given", "\"+6590000201\" signed in"), step("When", "the org registers"), step("Then", "it is stored"));

    @Test
    void a_sign_in_that_sets_the_scenario_up_is_counted_apart_and_stored_and_published_count_the_same_set() {
        List<String> out = new ArrayList<>();
        ScenarioMacro.whatChanged(signedInRun(SIGNED_IN_STEPS), out);
        assertThat(String.join("\n", out)).contains(
                "setup: 1 phone signed in (pass:c[+6590000201]; 2 events stored, 2 published); the scenario: "
                        + "1 HTTP exchange; 1 event stored (`pass:c[org#1]`: OrgRegistered v1); 1 message published; "
                        + "1 view written (`pass:c[org#1]` v1).");
    }

    private static cqrs.workbook.guide.ScenarioReport.ScenarioSpec spec(Run run) {
        return new cqrs.workbook.guide.ScenarioReport.ScenarioSpec("t", "A feature", "A scenario", "Scenario",
                "features/x.feature", "", List.of(run));
    }

    @Test
    void a_step_that_only_signs_in_is_folded_on_screen_and_one_line_in_print() {
        var spec = spec(signedInRun(SIGNED_IN_STEPS));
        ScenarioMacro macro = new ScenarioMacro(null);
        String screen = String.join("\n", macro.lines(spec, "", ScenarioMacro.Edition.SCREEN));
        assertThat(screen).contains(".Setup: pass:c[signed in +6590000201] (1 step, passed)\n[%collapsible.setup-steps")
                .contains(".Setup: pass:c[signed in +6590000201] (2 exchanges)\n[%collapsible.setup-exchanges");
        String print = String.join("\n", macro.lines(spec, "", ScenarioMacro.Edition.PRINT));
        assertThat(print).contains("[.setup-line]\n_Setup: pass:c[signed in +6590000201]_ (1 step, passed).")
                .doesNotContain("signed in\"]").doesNotContain("unbreakable").doesNotContain("POST /otp");
        String printKey = String.join("\n", macro.lines(spec, "", ScenarioMacro.Edition.PRINT_KEY));
        assertThat(printKey).contains("_Setup: pass:c[signed in +6590000201]_ (2 exchanges, not shown).")
                .contains("POST /orgs HTTP/1.1").doesNotContain("POST /otp");
    }

    @Test
    void a_step_whose_exchanges_are_not_all_a_sign_in_is_not_folded() {
        List<ScenarioReport.StepResult> steps = List.of(step("When", "\"+6590000201\" signed in"),
                step("When", "the org registers"));
        String screen = String.join("\n", new ScenarioMacro(null).lines(spec(signedInRun(steps)), "",
                ScenarioMacro.Edition.SCREEN));
        assertThat(screen).doesNotContain("setup-steps").contains("*pass:c[When]* pass:c[\"+6590000201\" signed in]");
    }

    @Test
    void a_step_of_many_different_exchanges_is_summarised_by_request_and_answer() {
        StringBuilder exchanges = new StringBuilder("[");
        for (int i = 1; i <= 8; i++) {
            exchanges.append(i == 1 ? "" : ",").append("{\"step\": \"When 8 clients write\", \"method\": \"PUT\", ")
                    .append("\"path\": \"/orgs/3f1c2d4e-0000-4000-8000-000000000000\", \"requestHeaders\": {}, ")
                    .append("\"requestBody\": \"{\\\"name\\\": \\\"n").append(i).append("\\\"}\", \"status\": ")
                    .append(i <= 5 ? 200 : 409).append(", \"headers\": {}, \"body\": \"{}\"}");
        }
        Run run = new Run("a run", List.of(step("When", "8 clients write")),
                Map.of("exchanges.json", exchanges.append("]").toString()), true);
        ScenarioMacro macro = new ScenarioMacro(null);
        String printKey = String.join("\n", macro.lines(spec(run), "", ScenarioMacro.Edition.PRINT_KEY));
        assertThat(printKey).contains("|pass:c[PUT /orgs/{id}] |8 |pass:c[5 × 200, 3 × 409]").doesNotContain("[source,http]");
        String screen = String.join("\n", macro.lines(spec(run), "", ScenarioMacro.Edition.SCREEN));
        assertThat(screen.split("\\[source,http\\]", -1)).as("one request and one answer of each status").hasSize(5);
    }

    @Test
    void many_events_are_counted_by_type_and_a_run_of_one_type_is_a_range() {
        StringBuilder events = new StringBuilder("[{\"stream\": \"org#1\", \"version\": 1, \"type\": \"OrgRegistered\"}");
        for (int v = 2; v <= 6; v++) {
            events.append(", {\"stream\": \"org#1\", \"version\": ").append(v).append(", \"type\": \"OrgProfileUpdated\"}");
        }
        List<String> few = new ArrayList<>();
        ScenarioMacro.whatChanged(new Run("r", List.of(), Map.of("events.json", events + "]"), true), few);
        assertThat(String.join("\n", few)).contains("6 events stored (`pass:c[org#1]`: OrgRegistered v1, OrgProfileUpdated v2–v6)");
        for (int v = 7; v <= 12; v++) {
            events.append(", {\"stream\": \"org#1\", \"version\": ").append(v).append(", \"type\": \"OrgProfileUpdated\"}");
        }
        events.append(", {\"stream\": \"otp#+65\", \"version\": 1, \"type\": \"OtpIssued\"}]");
        List<String> many = new ArrayList<>();
        ScenarioMacro.whatChanged(new Run("r", List.of(), Map.of("events.json", events.toString()), true), many);
        assertThat(String.join("\n", many)).contains(
                "13 events stored (in 2 streams: 11 × OrgProfileUpdated, 1 × OrgRegistered, 1 × OtpIssued)");
    }

    /** In print a step is a line of a paragraph; one alone must not be taken for a block's attributes. */
    @Test
    void printed_steps_are_lines_that_asciidoctor_keeps() {
        var withTable = new ScenarioReport.StepResult("Given", "the first step", "", List.of(List.of("a", "b")),
                io.cucumber.messages.types.TestStepResultStatus.PASSED, "");
        Run run = new Run("r", List.of(withTable, step("Then", "the second step")), Map.of(), true);
        List<String> print = new ScenarioMacro(null).lines(spec(run), "", ScenarioMacro.Edition.PRINT);
        assertThat(print).contains("[.step-passed]#passed# *pass:c[Then]* pass:c[the second step]{empty}");
        try (org.asciidoctor.Asciidoctor asciidoctor = org.asciidoctor.Asciidoctor.Factory.create()) {
            String html = asciidoctor.convert(String.join("\n", print), org.asciidoctor.Options.builder().build());
            assertThat(html).contains("the first step", "the second step", "<table",
                    "<span class=\"step-passed\">passed</span> <strong>Then</strong>")
                    .doesNotContain("{empty}").doesNotContain("[.step-passed]");
        }
    }
}
