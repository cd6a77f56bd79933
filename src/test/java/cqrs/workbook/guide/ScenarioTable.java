package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.guide.ScenarioReport.Run;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import cqrs.workbook.guide.ScenarioReport.StepResult;
import io.cucumber.messages.types.TestStepResultStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code scenarios::matrix[tags="matrix-a,matrix-b"]} places several scenarios as rows of one
 * table: each scenario's title and tag, and for each of its runs (an outline's examples) the
 * result and, in a line, what the run left behind. Each row is the scenario's one placement,
 * as a {@code scenario::} block would be; the steps and captures stay in the run's report.
 */
@Name("scenarios")
public final class ScenarioTable extends BlockMacroProcessor {


    private final ScenarioMacro scenarios;

    public ScenarioTable(ScenarioMacro scenarios) {
        this.scenarios = scenarios;
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        List<String> out = new ArrayList<>();
        // The block's title (".Title" above the macro) is the table's.
        Object title = attributes.get("title");
        if (title != null) {
            out.add("." + title);
        }
        out.add("[.scenario-table,cols=\"4,3,2,5\",options=\"header\",caption=\"\"]");
        out.add("|===");
        out.add("|Scenario |Run |Result |What the run left behind");
        for (String tag : Objects.toString(attributes.get("tags"), "").split("\\s*,\\s*")) {
            if (tag.isBlank()) {
                continue;
            }
            Optional<ScenarioSpec> found = scenarios.place("scenarios", tag.strip(), false);
            if (found.isEmpty()) {
                out.add("4+|No scenario is tagged `@" + tag.strip() + "`.");
                continue;
            }
            rows(found.get(), out);
        }
        out.add("|===");
        Block block = createBlock(parent, "open", "");
        parseContent(block, out);
        return block;
    }

    static void rows(ScenarioSpec spec, List<String> out) {
        List<Run> runs = spec.runs();
        String scenario = "[[scenario-" + spec.tag() + "]]" + ScenarioMacro.cell(title(spec)) + " +\n`@" + spec.tag() + "`";
        if (runs.isEmpty()) {
            out.add("|" + scenario + " 3+|did not run");
            return;
        }
        out.add((runs.size() > 1 ? "." + runs.size() + "+" : "") + "|" + scenario);
        for (Run run : runs) {
            String result = ScenarioMacro.word(run.status());
            String failure = run.steps().stream().filter(s -> s.status() == TestStepResultStatus.FAILED)
                    .map(StepResult::message).findFirst().map(m -> " " + ScenarioMacro.cell(m.lines().findFirst().orElse("")))
                    .orElse("");
            out.add("|" + ScenarioMacro.cell(runName(spec, run)) + " |[.step-" + result + "]#" + result + "#" + failure
                    + " |" + ScenarioMacro.cell(leftBehind(run)));
        }
    }

    /** An outline's name without its placeholders: "The broker refuses the event". */
    static String title(ScenarioSpec spec) {
        return spec.name().replaceAll("\\s*\\([^()]*<[^>]+>.*$", "").replaceAll("\\s*<[^>]+>.*$", "").strip();
    }

    /** What the run's name adds to the title: an outline's values, "outbox: nothing lost or invented". */
    static String runName(ScenarioSpec spec, Run run) {
        String title = title(spec);
        String name = run.name().startsWith(title) ? run.name().substring(title.length()) : run.name();
        name = name.strip().replaceAll("^\\((.*)\\)$", "$1");
        return name.isEmpty() ? "one run" : name;
    }

    /**
     * The last answer, then the versions stored and published, per aggregate:
     * "answered 200; stored org v1–2, otp v1–2; published org v1–2".
     */
    static String leftBehind(Run run) {
        List<String> parts = new ArrayList<>();
        String answer = ScenarioMacro.answer(run);
        if (!answer.isEmpty()) {
            parts.add("answered " + answer);
        }
        Set<String> setup = setupEventIds(run);
        versions(run, "events.json", setup).ifPresent(v -> parts.add("stored " + v));
        versions(run, "published.json", setup).ifPresent(v -> parts.add("published " + v));
        if (!setup.isEmpty()) {
            parts.add("sign-ins that set the scenario up not counted");
        }
        return parts.isEmpty() ? "nothing captured" : String.join("; ", parts);
    }

    /** Each aggregate's versions in a capture, by stream: "org v1–2, otp v1", or "nothing". */
    private static Optional<String> versions(Run run, String attachment, Set<String> setup) {
        return tree(run, attachment).map(events -> {
            Map<String, TreeSet<Long>> byStream = new TreeMap<>();
            for (JsonNode event : events) {
                JsonNode body = event.has("body") ? event.path("body") : event; // a message holds its event
                if (body.path("stream").isTextual() && !setup.contains(body.path("eventId").asText())) {
                    byStream.computeIfAbsent(body.path("stream").asText(), s -> new TreeSet<>())
                            .add(body.path("version").asLong());
                }
            }
            List<String> streams = new ArrayList<>();
            byStream.forEach((stream, numbers) -> streams.add(
                    (stream.indexOf('#') < 0 ? stream : stream.substring(0, stream.indexOf('#'))) + " v" + ranges(numbers)));
            return streams.isEmpty() ? "nothing" : String.join(", ", streams);
        });
    }

    /** The events of the sign-ins that only set the scenario up, when the run says which they are. */
    private static Set<String> setupEventIds(Run run) {
        Set<String> ids = new java.util.HashSet<>();
        tree(run, "setup.json").ifPresent(signIns -> signIns.forEach(signIn ->
                signIn.path("eventIds").forEach(id -> ids.add(id.asText()))));
        return ids;
    }

    /** 1, 2, 3, 5 as "1–3, 5". */
    static String ranges(SortedSet<Long> numbers) {
        List<String> out = new ArrayList<>();
        Long start = null;
        Long last = null;
        for (long n : numbers) {
            if (last != null && n == last + 1) {
                last = n;
                continue;
            }
            if (start != null) {
                out.add(start.equals(last) ? String.valueOf(start) : start + "–" + last);
            }
            start = n;
            last = n;
        }
        if (start != null) {
            out.add(start.equals(last) ? String.valueOf(start) : start + "–" + last);
        }
        return String.join(", ", out);
    }

    private static Optional<JsonNode> tree(Run run, String attachment) {
        JsonNode tree = ScenarioMacro.tree(run.attachments().get(attachment));
        return tree != null && tree.isArray() ? Optional.of(tree) : Optional.empty();
    }
}
