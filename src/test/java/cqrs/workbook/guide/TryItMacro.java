package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.guide.ScenarioReport.Run;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import io.cucumber.messages.types.TestStepResultStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code try-it::try-it[part=sign-in]}: one part of the guide's "Try it" session as a
 * console, each command after a {@code $} and then what it printed, from the run of the
 * scenario tagged {@code @try-it}, which ran {@code docs/try-it/session.sh} against the local
 * server. The first block of a scenario places it; every part of the session must be shown,
 * and the scenario must have passed, or the guide has a problem.
 */
@Name("try-it")
public final class TryItMacro extends BlockMacroProcessor {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Indented as jq indents: two spaces, and no space before a colon. */
    private static final com.fasterxml.jackson.databind.ObjectWriter JQ_STYLE = JSON.writer(jqStyle());

    private static com.fasterxml.jackson.core.util.DefaultPrettyPrinter jqStyle() {
        var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withSeparators(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance().withObjectFieldValueSpacing(
                        com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
        printer.indentArraysWith(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return printer;
    }
    /** The guide's listings are at most this wide; a longer line is cut, with a marker. */
    static final int COLUMNS = 100;

    private final ScenarioReport report;
    private final ScenarioMacro scenarios;
    private final List<String> problems = new ArrayList<>();
    /** The parts shown, by scenario. */
    private final Map<String, Set<String>> shown = new LinkedHashMap<>();

    public TryItMacro(ScenarioReport report, ScenarioMacro scenarios) {
        this.report = report;
        this.scenarios = scenarios;
    }

    /** The problems met so far, and every part of a session that no block showed. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        shown.forEach((tag, parts) -> report.scenario(tag).flatMap(TryItMacro::session).ifPresent(session -> {
            Set<String> missing = new LinkedHashSet<>();
            session.forEach(command -> missing.add(command.path("part").asText()));
            missing.removeAll(parts);
            missing.forEach(part -> all.add("try-it::" + tag + "[part=" + part + "] is shown nowhere: the guide"
                    + " shows every part of the session it ran"));
        }));
        return all;
    }

    public void reset() {
        problems.clear();
        shown.clear();
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        boolean first = !shown.containsKey(target);
        Set<String> parts = shown.computeIfAbsent(target, t -> new LinkedHashSet<>());
        String part = Objects.toString(attributes.get("part"), "");
        Block block = createBlock(parent, "open", "");
        // The first block of a session places its scenario; the others show more of the same run.
        ScenarioSpec spec = (first ? scenarios.place("try-it", target, true) : report.scenario(target)).orElse(null);
        if (spec == null) {
            parseContent(block, List.of("NOTE: No scenario is tagged `@" + target + "`."));
            return block;
        }
        List<JsonNode> commands = session(spec).orElse(List.of()).stream()
                .filter(command -> command.path("part").asText().equals(part)).toList();
        if (commands.isEmpty()) {
            problems.add("try-it::" + target + "[part=" + part + "]: the run of @" + target + " has no such part");
            parseContent(block, List.of("NOTE: The session has no part `" + part + "`."));
            return block;
        }
        parts.add(part);
        List<String> out = new ArrayList<>();
        if (first) {
            // The scenario's one place in the guide: where its session is first shown, with its result.
            out.add("[#scenario-" + spec.tag() + ".feature-ref.scenario-ref]");
            out.add("Printed by the run of `@" + spec.tag() + "` (`" + spec.uri().replaceFirst("^.*?features/", "features/")
                    + "`), which [.result]#" + ScenarioMacro.word(spec.status()) + "#.");
            out.add("");
        }
        out.add("[source,console,role=try-it]");
        out.add("----");
        for (JsonNode command : commands) {
            String[] lines = command.path("command").asText().split("\n");
            for (String line : lines) {
                if (line.length() + 2 > COLUMNS) {
                    problems.add("try-it::" + target + "[part=" + part + "]: a command line of the session is wider"
                            + " than " + COLUMNS + " columns with its prompt: " + line);
                }
            }
            for (int i = 0; i < lines.length; i++) {
                out.add(i > 0 && continues(lines[i - 1], lines[i]) ? lines[i] : "$ " + lines[i]);
            }
            out.addAll(output(command.path("output").asText()));
            if (command.path("exit").asInt() != 0) {
                out.add("(exit status " + command.path("exit").asInt() + ")");
            }
        }
        out.add("----");
        parseContent(block, out);
        return block;
    }

    /**
     * Whether a line goes on with the command of the line before, as bash reads it: after a
     * backslash, indented (a quoted body, a loop's body), or a loop's {@code do} or {@code done}.
     * Every other line is a command of its own, and gets its prompt.
     */
    static boolean continues(String previous, String line) {
        return previous.endsWith("\\") || line.startsWith(" ") || line.matches("(do|done)\\b.*");
    }

    /**
     * What a command printed, as a listing of the guide can hold it: a line of JSON wider than
     * the page as jq would indent it, any other line that long cut, with a marker.
     */
    static List<String> output(String printed) {
        List<String> lines = new ArrayList<>();
        for (String line : printed.stripTrailing().split("\n", -1)) {
            if (line.length() > COLUMNS && line.startsWith("{")) {
                JsonNode json = ScenarioMacro.tree(line);
                if (json != null) {
                    for (String indented : jqStyle(json).split("\n")) {
                        lines.add(cut(indented));
                    }
                    continue;
                }
            }
            lines.add(cut(line));
        }
        if (lines.size() == 1 && lines.getFirst().isEmpty()) {
            return List.of();
        }
        // A listing ends at a line of four dashes; none is printed here, but none can end it early either.
        return lines.stream().map(line -> line.equals("----") ? "---- " : line).toList();
    }

    private static String jqStyle(JsonNode json) {
        try {
            return JQ_STYLE.writeValueAsString(json);
        } catch (IOException e) {
            return json.toPrettyString();
        }
    }

    private static String cut(String line) {
        return line.length() <= COLUMNS ? line : line.substring(0, COLUMNS - 1) + "\u2026";
    }

    private static java.util.Optional<List<JsonNode>> session(ScenarioSpec spec) {
        Run run = spec.runs().isEmpty() ? null : spec.runs().getFirst();
        JsonNode session = run == null ? null : ScenarioMacro.tree(run.attachments().get("session.json"));
        if (session == null) {
            return java.util.Optional.empty();
        }
        List<JsonNode> commands = new ArrayList<>();
        session.forEach(commands::add);
        return java.util.Optional.of(commands);
    }
}
