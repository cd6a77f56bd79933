package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.guide.ScenarioReport.Run;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import io.cucumber.messages.types.TestStepResultStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code event-model::event-model[]}: the system's event model, drawn from the run of the
 * scenario tagged {@code @event-model}. Time runs downwards; each row is one command, over
 * HTTP or from the event handler, with the events it stored and the views the projection
 * wrote from them, and the queries that read those views. Every row comes from the record
 * the harness made of the handler's invocations ({@code timeline.json}); the PlantUML source
 * is written here, at render time, and asciidoctor-diagram draws it. Placing it places the
 * scenario; a scenario that is missing, did not pass, or recorded nothing is a problem.
 */
@Name("event-model")
public final class EventModelMacro extends BlockMacroProcessor {

    static final String COMMAND = "#9CC3E8";
    static final String EVENT = "#F5B97A";
    static final String VIEW = "#A8D5A2";

    private final ScenarioReport report;
    private final ScenarioMacro scenarios;
    private final List<String> problems = new ArrayList<>();

    public EventModelMacro(ScenarioReport report, ScenarioMacro scenarios) {
        this.report = report;
        this.scenarios = scenarios;
    }

    public List<String> problems() {
        return problems;
    }

    /** One command and what followed from it. */
    static final class Row {
        final String command;
        final boolean texted;
        final List<String> events = new ArrayList<>();
        final Set<String> eventKeys = new LinkedHashSet<>();
        final Set<String> views = new LinkedHashSet<>();
        final Set<String> viewIds = new LinkedHashSet<>();
        final Set<String> reads = new LinkedHashSet<>();

        Row(String command, boolean texted) {
            this.command = command;
            this.texted = texted;
        }
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        Block block = createBlock(parent, "open", "");
        ScenarioSpec spec = scenarios.place("event-model", target, true).orElse(null);
        if (spec == null) {
            parseContent(block, List.of("NOTE: No scenario is tagged `@" + target + "`: no event model to draw."));
            return block;
        }
        String status = spec.executed() ? ScenarioMacro.word(spec.status()) : "not run";
        Run run = spec.runs().isEmpty() ? null : spec.runs().getFirst();
        JsonNode timeline = run == null ? null : ScenarioMacro.tree(run.attachments().get("timeline.json"));
        if (timeline == null || timeline.isEmpty()) {
            problems.add("event-model::" + target + "[]: the run of @" + target + " recorded no timeline.json");
            parseContent(block, List.of("NOTE: The scenario `@" + target + "` recorded no timeline."));
            return block;
        }
        List<Row> rows = rows(timeline);
        int stored = 0;
        int published = 0;
        for (JsonNode invocation : timeline) {
            stored += count(invocation, "event");
            published += invocation.path("role").asText().equals("relay") ? count(invocation, "published") : 0;
        }
        List<String> out = new ArrayList<>();
        out.add("." + ScenarioMacro.inline("The event model: " + spec.name()));
        out.add("[plantuml,target=event-model-" + target + ",format=svg,alt=\"" + alt(rows).replace("\"", "'") + "\"]");
        out.add("----");
        out.addAll(plantUml(rows));
        out.add("----");
        out.add("");
        out.add("[#scenario-" + spec.tag() + ".feature-ref.scenario-ref]");
        out.add("Drawn from the run of `@" + spec.tag() + "` (`"
                + spec.uri().replaceFirst("^.*?features/", "features/") + "`), which [.result]#" + status
                + "#: " + rows.size() + " commands, " + stored + " events stored, " + published
                + " published by the relay.");
        parseContent(block, out);
        return block;
    }

    /**
     * The rows, in the order the commands ran. A projection's views go to the row whose event
     * it was handed; a query goes to the row that last wrote the view it read.
     */
    static List<Row> rows(JsonNode timeline) {
        List<Row> rows = new ArrayList<>();
        Map<String, Row> byEvent = new LinkedHashMap<>();
        Map<String, Row> byView = new LinkedHashMap<>();
        for (JsonNode invocation : timeline) {
            String role = invocation.path("role").asText();
            List<JsonNode> did = new ArrayList<>();
            invocation.path("did").forEach(did::add);
            boolean stores = did.stream().anyMatch(d -> d.path("kind").asText().equals("event"));
            boolean texts = did.stream().anyMatch(d -> d.path("kind").asText().equals("sms"));
            Row row = null;
            if (role.equals("command")) {
                row = new Row(invocation.path("route").asText() + " (" + invocation.path("status").asText() + ")", texts);
            } else if (role.equals("event handler") && stores) {
                List<String> on = new ArrayList<>();
                invocation.path("on").forEach(e -> on.add(e.path("type").asText()));
                row = new Row("event handler,\non " + String.join(", ", on), texts);
            } else if (role.equals("projection")) {
                Row fed = null;
                for (JsonNode event : invocation.path("on")) {
                    fed = byEvent.getOrDefault(key(event), fed);
                }
                for (JsonNode d : did) {
                    if (d.path("kind").asText().equals("view") && fed != null) {
                        fed.views.add(kind(d.path("id").asText()) + " v" + d.path("version").asText());
                        fed.viewIds.add(d.path("id").asText());
                        byView.put(d.path("id").asText(), fed);
                    }
                }
            } else if (role.equals("query")) {
                for (JsonNode d : did) {
                    Row read = byView.get(d.path("id").asText());
                    if (d.path("kind").asText().equals("read") && read != null) {
                        read.reads.add(invocation.path("route").asText());
                    }
                }
            }
            if (row != null) {
                for (JsonNode d : did) {
                    if (d.path("kind").asText().equals("event")) {
                        row.events.add("**" + d.path("type").asText() + "**\\n" + stream(d.path("stream").asText())
                                + " v" + d.path("version").asText());
                        row.eventKeys.add(key(d));
                        byEvent.put(key(d), row);
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One row a line: the command, then beside it its events, then the views. */
    static List<String> plantUml(List<Row> rows) {
        List<String> uml = new ArrayList<>(List.of(
                "@startuml",
                "hide footbox",
                "skinparam shadowing false",
                "skinparam defaultFontSize 11",
                "skinparam ParticipantPadding 30",
                "skinparam NoteBorderColor #777777",
                "skinparam SequenceLifeLineBorderColor #BBBBBB",
                "participant \"Commands\" as C " + COMMAND,
                "participant \"Events\" as E " + EVENT,
                "participant \"Views (read models)\" as V " + VIEW));
        for (Row row : rows) {
            uml.add("rnote over C " + COMMAND + " : " + row.command.replace("\n", "\\n")
                    + (row.texted ? "\\n//texts a code//" : ""));
            uml.add("/ rnote over E " + EVENT + " : " + (row.events.isEmpty() ? "//no event//"
                    : String.join("\\n", row.events)));
            List<String> views = new ArrayList<>(row.views);
            row.reads.forEach(read -> views.add("//read by " + read + "//"));
            uml.add("/ rnote over V " + VIEW + " : " + (views.isEmpty() ? "//no view//" : String.join("\\n", views)));
        }
        uml.add("@enduml");
        return uml;
    }

    private static String alt(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            parts.add(row.command.replace("\n", " ") + " stored " + (row.events.isEmpty() ? "nothing"
                    : String.join(" and ", row.events).replace("**", "").replace("\\n", " on "))
                    + (row.views.isEmpty() ? "" : "; the projection wrote " + String.join(", ", row.views)));
        }
        return "The event model, time running downwards: " + String.join(". ", parts) + ".";
    }

    private static int count(JsonNode invocation, String kind) {
        int n = 0;
        for (JsonNode d : invocation.path("did")) {
            n += d.path("kind").asText().equals(kind) ? 1 : 0;
        }
        return n;
    }

    private static String key(JsonNode event) {
        return event.path("stream").asText() + " v" + event.path("version").asText();
    }

    /** {@code org#<uuid>} is a view of kind {@code org}. */
    private static String kind(String viewId) {
        int hash = viewId.indexOf('#');
        return hash < 0 ? viewId : viewId.substring(0, hash);
    }

    /** A stream by its name, ids as the contract names them: {@code org#{id}}, {@code otp#+65…/contact/{id}}. */
    static String stream(String stream) {
        return stream.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");
    }
}
