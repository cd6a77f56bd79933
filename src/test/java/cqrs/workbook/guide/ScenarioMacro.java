package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.guide.ScenarioReport.Run;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import cqrs.workbook.guide.ScenarioReport.StepResult;
import io.cucumber.messages.types.TestStepResultStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code scenario::otp-issue[]} places the scenario tagged {@code @otp-issue}: its steps,
 * each with its result in the latest run, and what that run captured. The block is written
 * as AsciiDoc and parsed in place, so the HTML and the PDF editions both get it.
 */
@Name("scenario")
public final class ScenarioMacro extends BlockMacroProcessor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScenarioReport report;
    private final Map<String, Integer> placed = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public ScenarioMacro(ScenarioReport report) {
        this.report = report;
    }

    /** How often each tag was placed in the last conversion. */
    public Map<String, Integer> placed() {
        return placed;
    }

    public List<String> problems() {
        return problems;
    }

    public void reset() {
        placed.clear();
        problems.clear();
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        placed.merge(target, 1, Integer::sum);
        Block block = createBlock(parent, "open", "");
        ScenarioSpec spec = report.scenario(target).orElse(null);
        if (spec == null) {
            problems.add("scenario::" + target + "[] places a scenario that no feature file tags @" + target);
            parseContent(block, List.of("[.scenario.status-missing]",
                    "NOTE: No scenario is tagged `@" + target + "`."));
            return block;
        }
        if (!spec.executed()) {
            problems.add("scenario::" + target + "[] places a scenario that did not run: " + spec.name());
        }
        parseContent(block, lines(spec, parent));
        return block;
    }

    List<String> lines(ScenarioSpec spec, StructuralNode parent) {
        List<String> out = new ArrayList<>();
        String status = spec.executed() ? word(spec.status()) : "not run";
        out.add("[[scenario-" + spec.tag() + "]]");
        out.add("[.scenario.status-" + status.replace(' ', '-') + ",caption=\"\"]");
        out.add("." + spec.keyword() + ": " + inline(spec.name()) + " [.result]#" + status + "#");
        out.add("====");
        out.add("[.feature-ref]#" + inline(spec.feature()) + " -- `" + spec.uri().replaceFirst("^.*?features/", "features/")
                + "` -- `@" + spec.tag() + "`#");
        out.add("");
        if (!spec.description().isBlank()) {
            out.add("[.scenario-description]");
            out.add(inline(spec.description().replaceAll("\\s*\n\\s*", " ")));
            out.add("");
        }
        if (spec.runs().isEmpty()) {
            out.add("This scenario did not run.");
        } else {
            Run first = spec.runs().getFirst();
            if (spec.runs().size() > 1) {
                examples(spec, out);
                out.add("");
                out.add(".The steps of the first example");
            }
            steps(first, out);
            // The captures are for the screen: foldable in HTML, left out of the printed edition.
            if (!"pdf".equals(parent.getDocument().getAttribute("backend"))) {
                captures(first, out);
            }
        }
        out.add("====");
        return out;
    }

    private static void examples(ScenarioSpec spec, List<String> out) {
        out.add(".Examples: " + spec.runs().size() + " runs");
        out.add("[cols=\"8,1,6\",options=\"header\",role=\"examples\"]");
        out.add("|===");
        out.add("|Example |Result |Failure");
        for (Run run : spec.runs()) {
            String result = word(run.status());
            String failure = run.steps().stream().filter(s -> s.status() == TestStepResultStatus.FAILED)
                    .map(StepResult::message).findFirst().map(m -> inline(firstLine(m))).orElse("");
            out.add("|" + inline(run.name()) + " |[.step-" + result + "]#" + result + "# |" + failure);
        }
        out.add("|===");
    }

    private static void steps(Run run, List<String> out) {
        out.add("[.steps]");
        for (StepResult step : run.steps()) {
            String result = word(step.status());
            out.add("* [.step-" + result + "]#" + result + "# *" + inline(step.keyword()) + "* " + inline(step.text()));
            if (!step.argument().isBlank()) {
                out.add("+");
                out.add("....");
                out.add(step.argument().stripTrailing());
                out.add("....");
            }
            if (!step.message().isBlank()) {
                out.add("+");
                out.add("[.failure]");
                out.add("....");
                out.add(firstLines(step.message(), 12));
                out.add("....");
            }
        }
        out.add("");
    }

    private static void captures(Run run, List<String> out) {
        capture(out, "HTTP, as the client saw it", http(run.attachments().get("exchanges.json")), "http");
        capture(out, "The event store after the scenario", run.attachments().get("events.json"), "json");
        capture(out, "Messages published to the topic", run.attachments().get("published.json"), "json");
        capture(out, "The views after the scenario", run.attachments().get("views.json"), "json");
    }

    private static void capture(List<String> out, String title, String content, String language) {
        if (content == null || content.isBlank() || content.strip().equals("[ ]") || content.strip().equals("[]")) {
            return;
        }
        out.add("");
        out.add("." + title);
        out.add("[%collapsible.capture]");
        out.add("=====");
        out.add("[source," + language + "]");
        out.add("----");
        out.add(content.stripTrailing().replace("\n----\n", "\n---- \n"));
        out.add("----");
        out.add("=====");
    }

    /** The exchanges as HTTP messages, request then answer. */
    static String http(String exchangesJson) {
        if (exchangesJson == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        try {
            for (JsonNode exchange : JSON.readTree(exchangesJson)) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(exchange.path("method").asText()).append(' ').append(exchange.path("path").asText())
                        .append(" HTTP/1.1\n");
                exchange.path("requestHeaders").properties().forEach(h ->
                        text.append(h.getKey()).append(": ").append(h.getValue().asText()).append('\n'));
                String requestBody = exchange.path("requestBody").asText("");
                if (!requestBody.isEmpty() && !exchange.path("requestBody").isNull()) {
                    text.append('\n').append(shorten(requestBody)).append('\n');
                }
                text.append('\n').append("HTTP/1.1 ").append(exchange.path("status").asInt()).append('\n');
                exchange.path("headers").properties().forEach(h ->
                        text.append(h.getKey()).append(": ").append(h.getValue().asText()).append('\n'));
                String body = exchange.path("body").asText("");
                if (!body.isEmpty()) {
                    text.append('\n').append(pretty(body)).append('\n');
                }
            }
        } catch (IOException e) {
            return exchangesJson;
        }
        return text.toString();
    }

    private static String pretty(String body) {
        try {
            return JSON.readTree(body).toPrettyString();
        } catch (IOException notJson) {
            return shorten(body);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + " ... (" + text.length() + " characters)";
    }

    static String word(TestStepResultStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** Text placed inline, with AsciiDoc's special characters taken literally. */
    static String inline(String text) {
        return "pass:c[" + text.replace("\\", "\\\\").replace("]", "\\]") + "]";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String firstLines(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(all, Math.min(lines, all.length))).replace("....", ". . .");
    }
}
