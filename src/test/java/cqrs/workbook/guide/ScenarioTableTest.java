package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.guide.ScenarioReport.Run;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios placed as rows of one table: one row per run, the scenario's title once. */
class ScenarioTableTest {

    private static final String ANSWER = """
            [ {"step": "When the org's profile is replaced", "method": "PUT", "path": "/orgs/1",
               "requestHeaders": {}, "requestBody": "{}", "status": 503,
               "headers": {"Content-Type": "application/problem+json"},
               "body": "{\\"title\\": \\"The broker is unavailable\\"}"} ]
            """;

    private static ScenarioSpec outline() {
        return new ScenarioSpec("matrix-x", "The fault matrix", "The broker refuses the event (<strategy>: <outcome>)",
                "Scenario Outline", "features/x.feature", "", List.of(
                new Run("The broker refuses the event (compensation: nothing lost)", List.of(),
                        Map.of("exchanges.json", ANSWER, "events.json", "[{\"stream\": \"org#1\", \"version\": 1}]",
                                "published.json", "[{\"body\": {\"stream\": \"org#1\", \"version\": 1}}]"), true),
                new Run("The broker refuses the event (outbox: nothing lost)", List.of(),
                        Map.of("events.json", "[{\"stream\": \"org#1\", \"version\": 1}, {\"stream\": \"org#1\", \"version\": 2},"
                                + " {\"stream\": \"otp#+65\", \"version\": 1}]",
                                "published.json", "[{\"body\": {\"stream\": \"org#1\", \"version\": 2}}]"), true)));
    }

    @Test
    void an_outline_is_titled_without_its_placeholders_and_each_run_by_its_values() {
        assertThat(ScenarioTable.title(outline())).isEqualTo("The broker refuses the event");
        assertThat(ScenarioTable.runName(outline(), outline().runs().get(1))).isEqualTo("outbox: nothing lost");
        var switched = new ScenarioSpec("s", "f", "The strategy is switched (from <strategy> to <next>: <outcome>)",
                "Scenario Outline", "features/x.feature", "", List.of());
        assertThat(ScenarioTable.title(switched)).isEqualTo("The strategy is switched");
    }

    @Test
    void each_run_is_a_row_under_the_scenario_spanning_them() {
        List<String> out = new ArrayList<>();
        ScenarioTable.rows(outline(), out);
        assertThat(out).hasSize(3);
        assertThat(out.getFirst()).startsWith(".2+|[[scenario-matrix-x]]").contains("`@matrix-x`");
        assertThat(out.get(1)).contains("compensation: nothing lost", "answered 503 The broker is unavailable",
                "stored org v1", "published org v1");
        assertThat(out.get(2)).contains("stored org v1–2, otp v1", "published org v2");
    }

    @Test
    void the_sign_ins_that_set_a_scenario_up_are_not_counted_when_the_run_names_them() {
        Run run = new Run("r", List.of(), Map.of(
                "events.json", "[{\"stream\": \"org#1\", \"version\": 1, \"eventId\": \"e1\"},"
                        + " {\"stream\": \"otp#+65\", \"version\": 1, \"eventId\": \"s1\"}]",
                "published.json", "[{\"body\": {\"stream\": \"otp#+65\", \"version\": 1, \"eventId\": \"s1\"}}]",
                "setup.json", "[{\"signedIn\": \"+65\", \"eventIds\": [\"s1\"]}]"), true);
        assertThat(ScenarioTable.leftBehind(run)).isEqualTo(
                "stored org v1; published nothing; sign-ins that set the scenario up not counted");
    }

    @Test
    void versions_in_a_row_are_one_range() {
        assertThat(ScenarioTable.ranges(new java.util.TreeSet<>(List.of(1L, 2L, 3L, 5L)))).isEqualTo("1–3, 5");
    }

    @Test
    void each_row_counts_as_its_scenario_s_one_placement_and_the_table_keeps_its_title() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("run", ".ndjson");
        ScenarioMacro macro = new ScenarioMacro(ScenarioReport.read(empty));
        try (org.asciidoctor.Asciidoctor asciidoctor = org.asciidoctor.Asciidoctor.Factory.create()) {
            asciidoctor.javaExtensionRegistry().blockMacro(new ScenarioTable(macro));
            String html = asciidoctor.convert(".The other runs\nscenarios::x[tags=\"a, b\"]\n",
                    org.asciidoctor.Options.builder().build());
            assertThat(html.split("The other runs", -1)).hasSize(2);
            assertThat(html).contains("No scenario is tagged <code>@a</code>");
        } finally {
            java.nio.file.Files.delete(empty);
        }
        assertThat(macro.placed()).containsExactly(Map.entry("a", 1), Map.entry("b", 1));
        assertThat(macro.problems()).hasSize(2);
    }
}
