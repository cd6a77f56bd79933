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
     * A macro that shows a scenario in a form of its own (the event model, the "Try it"
     * session) places it: counted with the others, so that it is placed once and only once.
     */
    public void placedElsewhere(String tag) {
        placed.merge(tag, 1, Integer::sum);
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
        // In print, a scenario starts on a new page rather than leave its title alone at the foot of one.
        out.add("[.scenario.status-" + status.replace(' ', '-') + ",caption=\"\""
                + (edition == Edition.SCREEN ? "" : ",options=\"unbreakable\"") + "]");
        out.add("." + spec.keyword() + ": " + inline(title(spec, example)) + " [.result]#" + status + "#");
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
            Run shown = shown(spec, example);
            if (spec.runs().size() > 1) {
                examples(spec, shown, out);
                out.add("");
                out.add(".The steps of the example: " + inline(exampleName(spec, shown)));
            }
            steps(shown, out);
            whatChanged(shown, out);
            switch (edition) {
                case SCREEN -> captures(shown, out);
                case PRINT_KEY -> printedExchanges(shown, out);
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

    private static void steps(Run run, List<String> out) {
        out.add("[.steps]");
        for (StepResult step : run.steps()) {
            String result = word(step.status());
            out.add("* [.step-" + result + "]#" + result + "# *" + inline(step.keyword()) + "* " + inline(step.text()));
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
        out.add("");
    }

    /** Before the dumps, in a sentence: what the scenario left behind. */
    static void whatChanged(Run run, List<String> out) {
        List<String> parts = new ArrayList<>();
        List<Exchange> exchanges = exchanges(run.attachments().get("exchanges.json"));
        if (!exchanges.isEmpty()) {
            parts.add(count(exchanges.size(), "HTTP exchange"));
        }
        JsonNode events = tree(run.attachments().get("events.json"));
        if (events != null && !events.isEmpty()) {
            Map<String, List<String>> byStream = new LinkedHashMap<>();
            events.forEach(e -> byStream.computeIfAbsent(e.path("stream").asText(), s -> new ArrayList<>())
                    .add(e.path("type").asText() + " v" + e.path("version").asText()));
            List<String> streams = new ArrayList<>();
            byStream.forEach((stream, list) -> streams.add("`" + inline(shortId(stream)) + "`: " + String.join(", ", list)));
            parts.add(count(events.size(), "event") + " stored (" + String.join("; ", streams) + ")");
        } else if (events != null) {
            parts.add("no event stored");
        }
        JsonNode published = tree(run.attachments().get("published.json"));
        if (published != null) {
            parts.add(published.isEmpty() ? "nothing published" : count(published.size(), "message") + " published");
        }
        JsonNode views = tree(run.attachments().get("views.json"));
        if (views != null) {
            List<String> ids = new ArrayList<>();
            views.forEach(v -> ids.add("`" + inline(shortId(v.path("id").asText())) + "`"
                    + (v.has("version") ? " v" + v.path("version").asText() : "")));
            parts.add(views.isEmpty() ? "no view written" : count(views.size(), "view") + " written ("
                    + String.join(", ", ids) + ")");
        }
        if (!parts.isEmpty()) {
            out.add("");
            out.add("[.what-changed]");
            out.add("*What the run left behind:* " + String.join("; ", parts) + ".");
        }
    }

    /** Ids are random UUIDs; their first block is enough to tell two apart. */
    private static String shortId(String id) {
        return id.replaceAll("([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "$1…");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static void captures(Run run, List<String> out) {
        exchangesCapture(run, out);
        capture(out, "The event store after the scenario", run.attachments().get("events.json"));
        capture(out, "Messages published to the topic", run.attachments().get("published.json"));
        capture(out, "The views after the scenario", run.attachments().get("views.json"));
    }

    /** Every exchange, grouped by the step that made it; a run of identical ones is shown once, counted. */
    private static void exchangesCapture(Run run, List<String> out) {
        List<Exchange> exchanges = exchanges(run.attachments().get("exchanges.json"));
        if (exchanges.isEmpty()) {
            return;
        }
        out.add("");
        out.add(".HTTP, as the client saw it: " + count(exchanges.size(), "exchange"));
        out.add("[%collapsible.capture.http-capture,caption=\"\"]");
        out.add("=====");
        String step = null;
        for (List<Exchange> same : runsOfIdentical(exchanges)) {
            Exchange exchange = same.getFirst();
            if (!exchange.step().equals(step)) {
                step = exchange.step();
                List<Exchange> made = exchanges.stream().filter(e -> e.step().equals(exchange.step())).toList();
                out.add("");
                out.add("[.exchange-step]");
                out.add("_" + inline(step.isBlank() ? "(no step)" : step) + "_ -- " + count(made.size(), "exchange")
                        + tally(made) + ":");
            }
            if (same.size() > 1) {
                out.add("");
                out.add("[.exchange-repeat]");
                out.add(same.size() + " times the same request and the same answer:");
            }
            listing(out, exchange.request(false), "http");
            listing(out, exchange.response(false), "http");
        }
        out.add("=====");
    }

    /** For a step that made several exchanges, how many got each status: "(5 × 200, 3 × 409)". */
    private static String tally(List<Exchange> made) {
        if (made.size() < 2) {
            return "";
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        made.forEach(e -> byStatus.merge(e.status(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, n) -> parts.add(n + " × " + status));
        return " (" + String.join(", ", parts) + ")";
    }

    /** The printed edition: the exchanges without the headers a reader does not need, long strings cut. */
    private static void printedExchanges(Run run, List<String> out) {
        List<Exchange> exchanges = exchanges(run.attachments().get("exchanges.json"));
        if (exchanges.isEmpty()) {
            return;
        }
        out.add("");
        out.add(".HTTP, as the client saw it (condensed; every header and exchange is in the HTML edition)");
        out.add("[.capture.http-capture,caption=\"\"]");
        out.add("=====");
        for (List<Exchange> same : runsOfIdentical(exchanges)) {
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

    private static void capture(List<String> out, String title, String content) {
        if (content == null || content.isBlank() || content.strip().equals("[ ]") || content.strip().equals("[]")) {
            return;
        }
        out.add("");
        out.add("." + title);
        out.add("[%collapsible.capture,caption=\"\"]");
        out.add("=====");
        listing(out, content, "json");
        out.add("=====");
    }

    /** One exchange as the harness recorded it, and the step that made it. */
    record Exchange(String step, String method, String path, Map<String, String> requestHeaders, String requestBody,
                    int status, Map<String, String> headers, String body) {

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
                    e.path("status").asInt(), map(e.path("headers")), e.path("body").asText("")));
        }
        return exchanges;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        object.properties().forEach(h -> map.put(h.getKey(), h.getValue().asText()));
        return map;
    }

    private static JsonNode tree(String json) {
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
