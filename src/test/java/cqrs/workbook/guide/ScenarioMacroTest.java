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
}
