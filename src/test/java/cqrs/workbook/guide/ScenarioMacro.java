package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code scenario::otp-issue[]} places the scenario tagged {@code @otp-issue}: its steps,
 * each with its result in the latest run, and what that run captured. The block is written
 * as AsciiDoc and parsed in place, so the HTML and the PDF editions both get it.
 * <p>
 * Attributes: {@code example="..."} picks the example of an outline whose steps and
 * captures are shown (the first by default); {@code print} gives the PDF edition the
 * scenario's HTTP exchanges in a condensed form (the HTML edition always has them all).
 */
@Name("scenario")
public final class ScenarioMacro extends BlockMacroProcessor {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers a reader of the printed edition needs to follow the argument; the rest stay on screen. */
    private static final Set<String> PRINTED_HEADERS = Set.of("content-type", "location", "etag", "if-none-match",
            "if-match", "retry-after", "allow", "authorization", "www-authenticate");

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

    /**
     * Records that {@code macro} placed the scenario tagged {@code tag}: a scenario block, a row
     * of a table of scenarios, or a block drawn from its run (the event model, "Try it"), each
     * counted with the others so that every scenario is placed once and only once. A tag no
     * scenario has, a scenario that did not run, and (for a block drawn from the run) one that
     * did not pass are problems.
     */
    public java.util.Optional<ScenarioSpec> place(String macro, String tag, boolean drawnFromItsRun) {
        placed.merge(tag, 1, Integer::sum);
        java.util.Optional<ScenarioSpec> spec = report.scenario(tag);
        String where = macro + "::" + tag + "[]";
        if (spec.isEmpty()) {
            problems.add(where + " places a scenario that no feature file tags @" + tag);
        } else if (!spec.get().executed()) {
            problems.add(where + " places a scenario that did not run: " + spec.get().name());
        } else if (drawnFromItsRun && spec.get().status() != TestStepResultStatus.PASSED) {
            problems.add(where + " draws on the run of a scenario that did not pass (" + word(spec.get().status())
                    + "): " + spec.get().name());
        }
        return spec;
    }

    public void reset() {
        placed.clear();
        problems.clear();
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        Block block = createBlock(parent, "open", "");
        ScenarioSpec spec = place("scenario", target, false).orElse(null);
        if (spec == null) {
            parseContent(block, List.of("[.scenario.status-missing]",
                    "NOTE: No scenario is tagged `@" + target + "`."));
            return block;
        }
        String example = Objects.toString(attributes.get("example"), "");
        boolean print = attributes.containsValue("print") || attributes.containsKey("print-option");
        boolean pdf = "pdf".equals(parent.getDocument().getAttribute("backend"));
        if (!example.isEmpty() && spec.runs().stream().noneMatch(run -> run.name().contains(example))) {
            problems.add("scenario::" + target + "[example=\"" + example + "\"] names no example of " + spec.name());
        }
        parseContent(block, lines(spec, example, pdf ? (print ? Edition.PRINT_KEY : Edition.PRINT) : Edition.SCREEN));
        return block;
    }

    /** The screen shows every capture; the printed edition a summary, and for key scenarios the exchanges. */
    enum Edition { SCREEN, PRINT, PRINT_KEY }

    List<String> lines(ScenarioSpec spec, String example, Edition edition) {
        List<String> out = new ArrayList<>();
        String status = spec.executed() ? word(spec.status()) : "not run";
        out.add("[[scenario-" + spec.tag() + "]]");
        // In print a block breaks across pages like any other: starting each on a new page cost a third of the book.
        out.add("[.scenario.status-" + status.replace(' ', '-') + ",caption=\"\"]");
        // In print the tag, in the title, says where the scenario is (grep the features for it, run it by it).
        out.add("." + spec.keyword() + ": " + inline(title(spec, example)) + " [.result]#" + status + "#"
                + (edition == Edition.SCREEN ? "" : " `@" + spec.tag() + "`"));
        out.add("====");
        if (edition == Edition.SCREEN) {
            out.add("[.feature-ref]#" + inline(spec.feature()) + " -- `"
                    + spec.uri().replaceFirst("^.*?features/", "features/") + "` -- `@" + spec.tag() + "`#");
            out.add("");
        }
        if (!spec.description().isBlank()) {
            out.add("[.scenario-description]");
            out.add(inline(spec.description().replaceAll("\\s*\n\\s*", " ")));
            out.add("");
        }
        if (spec.runs().isEmpty()) {
            out.add("This scenario did not run.");
        } else {
            Run shown = shown(spec, example);
            if (spec.runs().size() > 1) {
                examples(spec, shown, out);
                out.add("");
                out.add(".The steps of the example: " + inline(exampleName(spec, shown)));
            }
            Captured captured = Captured.of(shown);
            steps(shown, captured, edition, out);
            whatChanged(captured, edition != Edition.SCREEN, out);
            switch (edition) {
                case SCREEN -> captures(captured, out);
                case PRINT_KEY -> printedExchanges(captured, out);
                case PRINT -> { }
            }
        }
        out.add("====");
        return out;
    }

    /** The run whose steps and captures are shown: the example named, or the first. */
    private static Run shown(ScenarioSpec spec, String example) {
        return spec.runs().stream().filter(run -> !example.isEmpty() && run.name().contains(example))
                .findFirst().orElse(spec.runs().getFirst());
    }

    /**
     * The block's title. An outline's name is a template, {@code <placeholders>} and all; each
     * of its pickles carries the name with its example's values in, so the title is the name of
     * the example shown.
     */
    static String title(ScenarioSpec spec, String example) {
        return spec.runs().isEmpty() ? spec.name() : shown(spec, example).name();
    }

    /** An outline: one row per example, with the answer it got, so that every row is evidence. */
    private static void examples(ScenarioSpec spec, Run shown, List<String> out) {
        out.add(".Examples: " + spec.runs().size() + " runs");
        out.add("[cols=\"5,6,2\",options=\"header\",role=\"examples\",caption=\"\"]");
        out.add("|===");
        out.add("|Example |Answer |Result");
        for (Run run : spec.runs()) {
            String result = word(run.status());
            String failure = run.steps().stream().filter(s -> s.status() == TestStepResultStatus.FAILED)
                    .map(StepResult::message).findFirst().map(m -> " " + cell(firstLine(m))).orElse("");
            String name = cell(exampleName(spec, run));
            out.add("|" + (run == shown ? "*" + name + "*" : name) + " |" + cell(answer(run))
                    + " |[.step-" + result + "]#" + result + "#" + failure);
        }
        out.add("|===");
    }

    /** The example's own part of the name: an outline's name is its template with the row's values in. */
    private static String exampleName(ScenarioSpec spec, Run run) {
        String prefix = spec.name().replaceAll("<[^>]+>.*", "");
        String suffix = spec.name().replaceAll(".*<[^>]+>", "");
        String name = run.name();
        if (name.startsWith(prefix) && name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
            return name.substring(prefix.length(), name.length() - suffix.length());
        }
        return name;
    }

    /** The last answer of a run, in a few words: status, and for a problem the fields it names. */
    static String answer(Run run) {
        List<Exchange> exchanges = exchanges(run.attachments().get("exchanges.json"));
        if (exchanges.isEmpty()) {
            return "";
        }
        Exchange last = exchanges.getLast();
        StringBuilder text = new StringBuilder().append(last.status());
        JsonNode body = last.json();
        if (body != null && body.has("errors")) {
            List<String> fields = new ArrayList<>();
            body.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            text.append(" naming ").append(String.join(", ", fields));
        } else if (body != null && body.has("title")) {
            text.append(' ').append(body.path("title").asText());
        }
        return text.toString();
    }

    /**
     * The steps, those that only sign a phone in folded as setup: on screen a collapsed group
     * that opens on them, in print one line.
     */
    private static void steps(Run run, Captured captured, Edition edition, List<String> out) {
        List<StepResult> steps = run.steps();
        boolean[] setup = captured.setupSteps(steps);
        int i = 0;
        while (i < steps.size()) {
            int from = i;
            while (i < steps.size() && setup[i]) {
                i++;
            }
            if (i > from) {
                List<StepResult> folded = steps.subList(from, i);
                String title = "Setup: " + inline(captured.signedInBy(folded));
                if (edition == Edition.SCREEN) {
                    out.add("." + title + " (" + count(folded.size(), "step") + ", passed)");
                    out.add("[%collapsible.setup-steps,caption=\"\"]");
                    out.add("=====");
                    stepList(folded, out);
                    out.add("=====");
                } else {
                    out.add("[.setup-line]");
                    out.add("_" + title + "_ (" + count(folded.size(), "step") + ", passed).");
                }
                out.add("");
                continue;
            }
            while (i < steps.size() && !setup[i]) {
                i++;
            }
            if (edition == Edition.SCREEN) {
                stepList(steps.subList(from, i), out);
            } else {
                stepLines(steps.subList(from, i), out);
            }
        }
    }

    /**
     * The printed steps: one line each in a paragraph, without a list's bullets and spacing;
     * a doc string, a data table or a failure ends the paragraph and follows its step.
     */
    private static void stepLines(List<StepResult> steps, List<String> out) {
        List<String> lines = new ArrayList<>();
        for (StepResult step : steps) {
            String result = word(step.status());
            lines.add("[.step-" + result + "]#" + result + "# *" + inline(step.keyword()) + "* " + inline(step.text()));
            boolean more = !step.docString().isBlank() || !step.table().isEmpty() || !step.message().isBlank();
            if (more) {
                paragraph(lines, out);
                List<String> attached = new ArrayList<>();
                attachments(step, attached);
                attached.stream().filter(line -> !line.equals("+")).forEach(out::add);
                out.add("");
            }
        }
        paragraph(lines, out);
    }

    private static void paragraph(List<String> lines, List<String> out) {
        if (lines.isEmpty()) {
            return;
        }
        out.add("[.steps]");
        for (int i = 0; i < lines.size(); i++) {
            // The last line ends with {empty}: a line that starts with '[' and ends with ']' would be
            // read as the attributes of the next block, and a step alone in its paragraph would vanish.
            out.add(lines.get(i) + (i < lines.size() - 1 ? " +" : "{empty}"));
        }
        out.add("");
        lines.clear();
    }

    private static void stepList(List<StepResult> steps, List<String> out) {
        out.add("[.steps]");
        for (StepResult step : steps) {
            String result = word(step.status());
            out.add("* [.step-" + result + "]#" + result + "# *" + inline(step.keyword()) + "* " + inline(step.text()));
            attachments(step, out);
        }
        out.add("");
    }

    /** What a step carries, attached to its list item: doc string, data table, failure or skip reason. */
    private static void attachments(StepResult step, List<String> out) {
        if (!step.docString().isBlank()) {
            out.add("+");
            out.add("....");
            out.add(step.docString().stripTrailing().replace("\n....", "\n. . ."));
            out.add("....");
        }
        if (!step.table().isEmpty()) {
            out.add("+");
            out.add("[.data-table,cols=\"" + step.table().getFirst().size() + "*\",frame=\"all\",grid=\"all\"]");
            out.add("|===");
            for (List<String> row : step.table()) {
                StringBuilder cells = new StringBuilder();
                row.forEach(cell -> cells.append("|").append(cell(cell)).append(' '));
                out.add(cells.toString().stripTrailing());
            }
            out.add("|===");
        }
        if (!step.message().isBlank()) {
            // A skipped step is not a failure: its message is the reason, and looks like one.
            boolean skipped = step.status() == TestStepResultStatus.SKIPPED;
            out.add("+");
            if (skipped) {
                out.add("[.skip-reason]");
                out.add("Skipped, and why: " + inline(firstLine(step.message()).replaceFirst("^skipped: ", "")));
            } else {
                out.add("[.failure]");
                out.add("....");
                out.add(firstLines(step.message(), 12));
                out.add("....");
            }
        }
    }

    /** Before the dumps, in a sentence: what the scenario left behind. */
    static void whatChanged(Run run, List<String> out) {
        whatChanged(Captured.of(run), false, out);
    }

    /**
     * In a sentence, what the run left behind. Sign-ins that only set the scenario up are
     * counted apart, and stored and published are counted over the same set, so that the two
     * numbers can be compared. Past {@link #LISTED} events or views, counts by type replace
     * the list.
     */
    static void whatChanged(Captured captured, boolean compact, List<String> out) {
        List<String> parts = new ArrayList<>();
        List<Exchange> exchanges = captured.exchanges(false);
        if (!exchanges.isEmpty()) {
            parts.add(count(exchanges.size(), "HTTP exchange") + (exchanges.size() > LISTED ? tally(exchanges) : ""));
        }
        List<JsonNode> events = captured.events(false);
        if (captured.events != null) {
            parts.add(events.isEmpty() ? "no event stored" : count(events.size(), "event") + " stored ("
                    + (compact ? types(events) : events(events)) + ")");
        }
        if (captured.published != null) {
            List<JsonNode> published = captured.published(false);
            parts.add(published.isEmpty() ? "nothing published" : count(published.size(), "message") + " published");
        }
        if (captured.views != null) {
            List<JsonNode> views = captured.views(false);
            parts.add(views.isEmpty() ? "no view written" : count(views.size(), "view") + " written"
                    + (compact ? "" : " (" + views(views) + ")"));
        }
        if (parts.isEmpty()) {
            return;
        }
        String sentence = String.join("; ", parts);
        if (!captured.setup.isEmpty()) {
            List<String> setup = new ArrayList<>();
            setup.add(count(captured.events(true).size(), "event") + " stored");
            if (captured.published != null) {
                setup.add(captured.published(true).size() + " published");
            }
            List<String> phones = captured.setup.stream().map(SetUp::phone).distinct().toList();
            sentence = "setup: " + count(phones.size(), "phone") + " signed in ("
                    + (phones.size() <= 3 && !compact ? inline(String.join(", ", phones)) + "; " : "")
                    + String.join(", ", setup) + "); the scenario: " + sentence;
        }
        out.add("");
        out.add("[.what-changed]");
        out.add("*What the run left behind:* " + sentence + ".");
    }

    /** More events or views than this, and counts replace the list. */
    static final int LISTED = 8;
    /** A step that made more different exchanges than this is summarised: a table, and the first of each answer. */
    static final int BIG_STEP = 6;

    /** For print: the events' types in the order first stored, each counted when more than once. */
    private static String types(List<JsonNode> events) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        events.forEach(e -> byType.merge(e.path("type").asText(), 1, Integer::sum));
        List<String> types = new ArrayList<>();
        byType.forEach((type, n) -> types.add(n == 1 ? type : n + " × " + type));
        return String.join(", ", types);
    }

    /** Events by stream with their versions, or past {@link #LISTED}, counted by type. */
    private static String events(List<JsonNode> events) {
        if (events.size() > LISTED) {
            Map<String, Integer> byType = new TreeMap<>();
            events.forEach(e -> byType.merge(e.path("type").asText(), 1, Integer::sum));
            long streams = events.stream().map(e -> e.path("stream").asText()).distinct().count();
            List<String> types = new ArrayList<>();
            byType.forEach((type, n) -> types.add(n + " × " + type));
            return "in " + count((int) streams, "stream") + ": " + String.join(", ", types);
        }
        Map<String, List<JsonNode>> byStream = new LinkedHashMap<>();
        events.forEach(e -> byStream.computeIfAbsent(e.path("stream").asText(), s -> new ArrayList<>()).add(e));
        List<String> streams = new ArrayList<>();
        byStream.forEach((stream, list) -> streams.add("`" + inline(shortId(stream)) + "`: " + versions(list)));
        return String.join("; ", streams);
    }

    /** A stream's events by type and version, a run of one type as a range: "OrgRegistered v1, OrgProfileUpdated v2–v6". */
    static String versions(List<JsonNode> stream) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < stream.size()) {
            String type = stream.get(i).path("type").asText();
            long first = stream.get(i).path("version").asLong();
            long last = first;
            while (i + 1 < stream.size() && stream.get(i + 1).path("type").asText().equals(type)
                    && stream.get(i + 1).path("version").asLong() == last + 1) {
                last = stream.get(++i).path("version").asLong();
            }
            i++;
            runs.add(type + " v" + first + (last > first ? "–v" + last : ""));
        }
        return String.join(", ", runs);
    }

    /** Views by id with their versions, or past {@link #LISTED}, counted by kind (the id before its '#'). */
    private static String views(List<JsonNode> views) {
        if (views.size() > LISTED) {
            Map<String, Integer> byKind = new TreeMap<>();
            views.forEach(v -> byKind.merge(kind(v.path("id").asText()), 1, Integer::sum));
            List<String> kinds = new ArrayList<>();
            byKind.forEach((kind, n) -> kinds.add(n + " × `" + inline(kind) + "`"));
            return String.join(", ", kinds);
        }
        List<String> ids = new ArrayList<>();
        views.forEach(v -> ids.add("`" + inline(shortId(v.path("id").asText())) + "`"
                + (v.has("version") ? " v" + v.path("version").asText() : "")));
        return String.join(", ", ids);
    }

    private static String kind(String id) {
        int hash = id.indexOf('#');
        return hash < 0 ? shortId(id) : id.substring(0, hash);
    }

    /** Ids are random UUIDs; their first block is enough to tell two apart. */
    private static String shortId(String id) {
        return id.replaceAll("([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "$1…");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static void captures(Captured captured, List<String> out) {
        exchangesCapture(captured, out);
        storeCapture(captured, out);
        List<JsonNode> published = captured.published == null ? List.of() : captured.all(captured.published);
        capture(out, "Messages published to the topic", published,
                m -> m.path("body").path("type").asText(m.path("group").asText()));
        List<JsonNode> views = captured.views == null ? List.of() : captured.all(captured.views);
        capture(out, "The views after the scenario", views, v -> kind(v.path("id").asText()));
    }

    /**
     * The event store as the table holds it, item by item. Past {@link #LISTED} items, a table
     * of the streams and one stored item of each type stand for the rest.
     */
    private static void storeCapture(Captured captured, List<String> out) {
        List<JsonNode> items = captured.events == null ? List.of() : captured.all(captured.events);
        if (items.isEmpty()) {
            return;
        }
        String title = "The event store after the scenario, each item as the table holds it";
        if (items.size() <= LISTED) {
            capture(out, title, items, null);
            return;
        }
        Map<String, List<JsonNode>> byStream = new TreeMap<>();
        items.forEach(item -> byStream.computeIfAbsent(item.path("stream").asText(), k -> new ArrayList<>()).add(item));
        out.add("");
        out.add("." + title + ": " + count(items.size(), "item") + " in " + count(byStream.size(), "stream"));
        out.add("[%collapsible.capture,caption=\"\"]");
        out.add("=====");
        out.add("[cols=\"3,1,5\",options=\"header\",role=\"store-summary\"]");
        out.add("|===");
        out.add("|Stream |Versions |Events by type");
        byStream.forEach((stream, list) -> {
            Map<String, Integer> byType = new LinkedHashMap<>();
            list.forEach(item -> byType.merge(item.path("type").asText(), 1, Integer::sum));
            List<String> types = new ArrayList<>();
            byType.forEach((type, n) -> types.add(n + " × " + type));
            out.add("|" + cell(shortId(stream)) + " |1 to " + list.getLast().path("version").asText()
                    + " |" + cell(String.join(", ", types)));
        });
        out.add("|===");
        out.add("");
        out.add("One item of each type, as stored:");
        listing(out, pretty(firstOfEach(items, item -> item.path("type").asText())), "json");
        out.add("=====");
    }

    /** The first item of each kind, in their order. */
    private static List<JsonNode> firstOfEach(List<JsonNode> items, java.util.function.Function<JsonNode, String> kind) {
        Map<String, JsonNode> first = new LinkedHashMap<>();
        items.forEach(item -> first.putIfAbsent(kind.apply(item), item));
        return List.copyOf(first.values());
    }

    private static String pretty(List<JsonNode> items) {
        return JSON.createArrayNode().addAll(items).toPrettyString();
    }

    /**
     * Every exchange, grouped by the step that made it; a run of identical ones is shown once,
     * counted. A sign-in that only set the scenario up is folded; a step that made more than
     * {@link #BIG_STEP} different exchanges is summarised, with the first exchange of each answer.
     */
    private static void exchangesCapture(Captured captured, List<String> out) {
        List<Exchange> exchanges = captured.exchanges;
        if (exchanges.isEmpty()) {
            return;
        }
        out.add("");
        out.add(".HTTP, as the client saw it: " + count(exchanges.size(), "exchange"));
        out.add("[%collapsible.capture.http-capture,caption=\"\"]");
        out.add("=====");
        for (List<Exchange> made : byStep(exchanges)) {
            Exchange first = made.getFirst();
            out.add("");
            out.add("[.exchange-step]");
            out.add("_" + inline(first.step().isBlank() ? "(no step)" : first.step()) + "_ -- "
                    + count(made.size(), "exchange") + tally(made) + ":");
            for (List<Exchange> part : bySetup(made)) {
                if (part.getFirst().setup() != null) {
                    out.add("");
                    out.add(".Setup: " + inline(signedIn(part)) + " (" + count(part.size(), "exchange") + ")");
                    out.add("[%collapsible.setup-exchanges,caption=\"\"]");
                    out.add("======");
                    exchangeListings(part, out);
                    out.add("======");
                } else if (runsOfIdentical(part).size() > BIG_STEP) {
                    summaryTable(part, out);
                    out.add("");
                    out.add("[.exchange-repeat]");
                    out.add("The first exchange of each request and answer:");
                    exchangeListings(firstOfEach(part), out);
                } else {
                    exchangeListings(part, out);
                }
            }
        }
        out.add("=====");
    }

    private static void exchangeListings(List<Exchange> exchanges, List<String> out) {
        for (List<Exchange> same : runsOfIdentical(exchanges)) {
            Exchange exchange = same.getFirst();
            if (same.size() > 1) {
                out.add("");
                out.add("[.exchange-repeat]");
                out.add(same.size() + " times the same request and the same answer:");
            }
            listing(out, exchange.request(false), "http");
            listing(out, exchange.response(false), "http");
        }
    }

    /** The exchanges in the order made, grouped by step: a step's exchanges together. */
    private static List<List<Exchange>> byStep(List<Exchange> exchanges) {
        Map<String, List<Exchange>> steps = new LinkedHashMap<>();
        exchanges.forEach(e -> steps.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(e));
        return List.copyOf(steps.values());
    }

    /** Consecutive exchanges of sign-ins that set the scenario up together, and the others together. */
    private static List<List<Exchange>> bySetup(List<Exchange> exchanges) {
        List<List<Exchange>> parts = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            if (!parts.isEmpty() && (parts.getLast().getFirst().setup() == null) == (exchange.setup() == null)) {
                parts.getLast().add(exchange);
            } else {
                parts.add(new ArrayList<>(List.of(exchange)));
            }
        }
        return parts;
    }

    /** Who these sign-ins signed in: "signed in +6590000100", or "12 phones signed in". */
    private static String signedIn(List<Exchange> setup) {
        List<String> phones = setup.stream().map(e -> e.setup().replaceFirst("^signed in ", "")).distinct().toList();
        return phones.size() <= 3 ? "signed in " + String.join(", ", phones) : phones.size() + " phones signed in";
    }

    /** The first exchange of each request and answer: one per method, path and status. */
    private static List<Exchange> firstOfEach(List<Exchange> exchanges) {
        Map<String, Exchange> first = new LinkedHashMap<>();
        exchanges.forEach(e -> first.putIfAbsent(e.method() + " " + pathShape(e.path()) + " " + e.status(), e));
        return List.copyOf(first.values());
    }

    /** Requests by method and path (ids as {id}), each with how many got each answer. */
    private static void summaryTable(List<Exchange> exchanges, List<String> out) {
        Map<String, List<Exchange>> byRequest = new LinkedHashMap<>();
        exchanges.forEach(e -> byRequest.computeIfAbsent(e.method() + " " + pathShape(e.path()), k -> new ArrayList<>()).add(e));
        out.add("");
        out.add("[cols=\"3,1,4\",options=\"header\",role=\"exchange-summary\"]");
        out.add("|===");
        out.add("|Request |Sent |Answers");
        byRequest.forEach((request, sent) -> out.add("|" + cell(request) + " |" + sent.size() + " |"
                + cell(tally(sent).replaceAll("^ \\(|\\)$", ""))));
        out.add("|===");
    }

    /** A path with its ids (UUIDs) as {id}, so that requests to different orgs count together. */
    static String pathShape(String path) {
        return path.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");
    }

    /** For a step that made several exchanges, how many got each status: "(5 × 200, 3 × 409)". */
    static String tally(List<Exchange> made) {
        if (made.size() < 2) {
            return "";
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        made.forEach(e -> byStatus.merge(e.status(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, n) -> parts.add(n + " × " + status));
        return " (" + String.join(", ", parts) + ")";
    }

    /**
     * The printed edition: the exchanges without the headers a reader does not need, long
     * strings cut; a sign-in that only set the scenario up in one line, and a step of more
     * than {@link #BIG_STEP} different exchanges as a table of requests and answers.
     */
    private static void printedExchanges(Captured captured, List<String> out) {
        List<Exchange> exchanges = captured.exchanges;
        if (exchanges.isEmpty()) {
            return;
        }
        out.add("");
        out.add(".HTTP, as the client saw it (condensed; every header and exchange is in the HTML edition)");
        out.add("[.capture.http-capture,caption=\"\"]");
        out.add("=====");
        for (List<Exchange> made : byStep(exchanges)) {
            for (List<Exchange> part : bySetup(made)) {
                if (part.getFirst().setup() != null) {
                    out.add("");
                    out.add("[.setup-line]");
                    out.add("_Setup: " + inline(signedIn(part)) + "_ (" + count(part.size(), "exchange")
                            + ", not shown).");
                    continue;
                }
                if (runsOfIdentical(part).size() > BIG_STEP) {
                    out.add("");
                    out.add("[.exchange-step]");
                    out.add("_" + inline(part.getFirst().step()) + "_ -- " + count(part.size(), "exchange") + ":");
                    summaryTable(part, out);
                    continue;
                }
                for (List<Exchange> same : runsOfIdentical(part)) {
                    Exchange exchange = same.getFirst();
                    if (same.size() > 1) {
                        out.add("");
                        out.add("[.exchange-repeat]");
                        out.add(same.size() + " times the same request and the same answer:");
                    }
                    // Request and answer in listings of their own: after a body, the highlighter reads on as JSON.
                    listing(out, exchange.request(true), "http");
                    listing(out, exchange.response(true), "http");
                }
            }
        }
        out.add("=====");
    }

    private static List<List<Exchange>> runsOfIdentical(List<Exchange> exchanges) {
        List<List<Exchange>> runs = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            if (!runs.isEmpty() && runs.getLast().getFirst().sameAs(exchange)) {
                runs.getLast().add(exchange);
            } else {
                runs.add(new ArrayList<>(List.of(exchange)));
            }
        }
        return runs;
    }

    private static void listing(List<String> out, String content, String language) {
        out.add("");
        out.add("[source," + language + "]");
        out.add("----");
        out.add(content.stripTrailing().replace("\n----\n", "\n---- \n"));
        out.add("----");
    }

    /** A capture of JSON items; past {@link #LISTED}, the first of each kind stands for the rest. */
    private static void capture(List<String> out, String title, List<JsonNode> items,
                                java.util.function.Function<JsonNode, String> kind) {
        if (items.isEmpty()) {
            return;
        }
        boolean all = kind == null || items.size() <= LISTED;
        out.add("");
        out.add("." + title + (all ? "" : ": " + items.size() + ", the first of each kind shown"));
        out.add("[%collapsible.capture,caption=\"\"]");
        out.add("=====");
        listing(out, pretty(all ? items : firstOfEach(items, kind)), "json");
        out.add("=====");
    }

    /** A sign-in that only set the scenario up: its phone, step, events and the view of its code. */
    record SetUp(String phone, String step, boolean wholeStep, Set<String> eventIds, Set<String> viewIds) {}

    /**
     * What the harness attached to a run, with the sign-ins that only set the scenario up
     * told apart: their exchanges are labelled, their events and views named in
     * {@code setup.json}, their messages known by their deduplication id (the event's id).
     * A report from before {@code setup.json} has no setup: everything counts as the scenario's.
     */
    record Captured(List<Exchange> exchanges, JsonNode events, JsonNode published, JsonNode views, List<SetUp> setup) {

        static Captured of(Run run) {
            List<SetUp> setup = new ArrayList<>();
            JsonNode signIns = tree(run.attachments().get("setup.json"));
            if (signIns != null) {
                signIns.forEach(s -> setup.add(new SetUp(s.path("signedIn").asText(), s.path("step").asText(),
                        s.path("wholeStep").asBoolean(), strings(s.path("eventIds")), strings(s.path("viewIds")))));
            }
            return new Captured(ScenarioMacro.exchanges(run.attachments().get("exchanges.json")), tree(run.attachments().get("events.json")),
                    tree(run.attachments().get("published.json")), tree(run.attachments().get("views.json")), setup);
        }

        private static Set<String> strings(JsonNode array) {
            Set<String> values = new java.util.LinkedHashSet<>();
            array.forEach(value -> values.add(value.asText()));
            return values;
        }

        private Set<String> setupEventIds() {
            Set<String> ids = new java.util.HashSet<>();
            setup.forEach(s -> ids.addAll(s.eventIds()));
            return ids;
        }

        List<JsonNode> all(JsonNode array) {
            List<JsonNode> items = new ArrayList<>();
            array.forEach(items::add);
            return items;
        }

        List<Exchange> exchanges(boolean ofSetup) {
            return exchanges.stream().filter(e -> (e.setup() != null) == ofSetup).toList();
        }

        List<JsonNode> events(boolean ofSetup) {
            Set<String> ids = setupEventIds();
            return events == null ? List.of() : all(events).stream()
                    .filter(e -> ids.contains(e.path("eventId").asText()) == ofSetup).toList();
        }

        List<JsonNode> published(boolean ofSetup) {
            Set<String> ids = setupEventIds();
            return published == null ? List.of() : all(published).stream()
                    .filter(m -> ids.contains(m.path("deduplicationId").asText()) == ofSetup).toList();
        }

        List<JsonNode> views(boolean ofSetup) {
            Set<String> ids = new java.util.HashSet<>();
            setup.forEach(s -> ids.addAll(s.viewIds()));
            return views == null ? List.of() : all(views).stream()
                    .filter(v -> ids.contains(v.path("id").asText()) == ofSetup).toList();
        }

        /**
         * Which steps only set the scenario up: a Given (or an And after one) that passed, that
         * the harness says did nothing but sign in, and whose every exchange signed a phone in.
         */
        boolean[] setupSteps(List<StepResult> steps) {
            boolean[] setupStep = new boolean[steps.size()];
            String given = "";
            for (int i = 0; i < steps.size(); i++) {
                StepResult step = steps.get(i);
                if (!List.of("And", "But", "*").contains(step.keyword())) {
                    given = step.keyword();
                }
                String label = step.keyword() + " " + step.text();
                List<Exchange> made = exchanges.stream().filter(e -> e.step().equals(label)).toList();
                setupStep[i] = given.equals("Given") && step.status() == TestStepResultStatus.PASSED
                        && setup.stream().anyMatch(s -> s.wholeStep() && s.step().equals(label))
                        && !made.isEmpty() && made.stream().allMatch(e -> e.setup() != null);
            }
            return setupStep;
        }

        /** The phones these steps signed in. */
        String signedInBy(List<StepResult> steps) {
            Set<String> labels = new java.util.HashSet<>();
            steps.forEach(step -> labels.add(step.keyword() + " " + step.text()));
            List<String> phones = setup.stream().filter(s -> labels.contains(s.step())).map(SetUp::phone).distinct().toList();
            return phones.size() <= 3 ? "signed in " + String.join(", ", phones) : phones.size() + " phones signed in";
        }
    }

    /** One exchange as the harness recorded it, and the step that made it. */
    record Exchange(String step, String method, String path, Map<String, String> requestHeaders, String requestBody,
                    int status, Map<String, String> headers, String body, String setup) {

        boolean sameAs(Exchange other) {
            return step.equals(other.step) && method.equals(other.method) && path.equals(other.path)
                    && requestHeaders.equals(other.requestHeaders) && Objects.equals(requestBody, other.requestBody)
                    && status == other.status && headers.equals(other.headers) && body.equals(other.body);
        }

        JsonNode json() {
            return tree(body);
        }

        /** The request as HTTP/1.1 writes it; a body of JSON is pretty-printed. */
        String request(boolean condensed) {
            StringBuilder text = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\n");
            headers(text, requestHeaders, condensed);
            if (requestBody != null && !requestBody.isEmpty()) {
                text.append('\n').append(body(requestBody, condensed)).append('\n');
            }
            return text.toString();
        }

        /** The answer, with the status's reason phrase, as a reader expects to see it. */
        String response(boolean condensed) {
            StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append('\n');
            headers(text, headers, condensed);
            if (!body.isEmpty()) {
                text.append('\n').append(body(body, condensed)).append('\n');
            }
            return text.toString();
        }

        private static void headers(StringBuilder text, Map<String, String> headers, boolean condensed) {
            headers.forEach((name, value) -> {
                if (!condensed || PRINTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    text.append(name).append(": ").append(condensed ? cut(value, 60) : value).append('\n');
                }
            });
        }

        private static String body(String body, boolean condensed) {
            JsonNode json = tree(body);
            if (json == null) {
                return shorten(body);
            }
            if (condensed) {
                cutStrings(json);
                String line = json.toString();
                if (line.length() <= 80) {
                    return line;
                }
            }
            return json.toPrettyString();
        }

        private static void cutStrings(JsonNode node) {
            if (node instanceof ObjectNode object) {
                object.properties().forEach(field -> {
                    if (field.getValue().isTextual()) {
                        object.set(field.getKey(), TextNode.valueOf(cut(field.getValue().asText(), 48)));
                    } else {
                        cutStrings(field.getValue());
                    }
                });
            } else if (node.isArray()) {
                node.forEach(Exchange::cutStrings);
            }
        }

        private static String cut(String text, int length) {
            return text.length() <= length ? text : text.substring(0, length - 1) + "…";
        }
    }

    static List<Exchange> exchanges(String exchangesJson) {
        JsonNode all = tree(exchangesJson);
        List<Exchange> exchanges = new ArrayList<>();
        if (all == null) {
            return exchanges;
        }
        for (JsonNode e : all) {
            exchanges.add(new Exchange(e.path("step").asText(""), e.path("method").asText(), e.path("path").asText(),
                    map(e.path("requestHeaders")), e.path("requestBody").isNull() ? null : e.path("requestBody").asText(""),
                    e.path("status").asInt(), map(e.path("headers")), e.path("body").asText(""),
                    e.hasNonNull("setup") ? e.path("setup").asText() : null));
        }
        return exchanges;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        object.properties().forEach(h -> map.put(h.getKey(), h.getValue().asText()));
        return map;
    }

    /** A capture read as JSON; null when there is none, or it is not JSON. */
    static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
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

    /** Text in a table cell: inline, and a cell separator taken literally. */
    static String cell(String text) {
        return inline(text).replace("|", "\\|");
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
