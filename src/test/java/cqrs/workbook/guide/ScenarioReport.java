package cqrs.workbook.guide;

import io.cucumber.messages.NdjsonToMessageIterable;
import io.cucumber.messages.ndjson.Deserializer;
import io.cucumber.messages.types.Attachment;
import io.cucumber.messages.types.AttachmentContentEncoding;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleStep;
import io.cucumber.messages.types.Step;
import io.cucumber.messages.types.Tag;
import io.cucumber.messages.types.TestCaseStarted;
import io.cucumber.messages.types.TestStep;
import io.cucumber.messages.types.TestStepFinished;
import io.cucumber.messages.types.TestStepResult;
import io.cucumber.messages.types.TestStepResultStatus;
import io.cucumber.query.Query;
import io.cucumber.query.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest run of the scenarios, read from Cucumber's message report with Cucumber's own
 * libraries: for each scenario, by its id tag, its steps with their results and what the
 * run attached.
 */
public final class ScenarioReport {

    /** A scenario of a feature file; an outline has one run per example. */
    public record ScenarioSpec(String tag, String feature, String name, String keyword, String uri,
                               String description, List<Run> runs) {
        public boolean executed() {
            return !runs.isEmpty() && runs.stream().allMatch(Run::finished);
        }

        public TestStepResultStatus status() {
            return runs.stream().map(Run::status).max(ScenarioReport::severity).orElse(TestStepResultStatus.UNKNOWN);
        }
    }

    /** One executed pickle: an example of an outline, or the scenario itself. */
    public record Run(String name, List<StepResult> steps, Map<String, String> attachments, boolean finished) {
        public TestStepResultStatus status() {
            return steps.stream().map(StepResult::status).max(ScenarioReport::severity)
                    .orElse(TestStepResultStatus.UNKNOWN);
        }
    }

    /** A Gherkin step with its result, and its doc string or data table if it has one. */
    public record StepResult(String keyword, String text, String docString, List<List<String>> table,
                             TestStepResultStatus status, String message) {}

    private final Map<String, ScenarioSpec> byTag = new LinkedHashMap<>();
    private final List<String> untagged = new ArrayList<>();
    private java.time.Instant started;
    private String backend = "";

    private ScenarioReport() {}

    public static ScenarioReport read(Path ndjson) throws IOException {
        Repository repository = Repository.builder()
                .feature(Repository.RepositoryFeature.INCLUDE_ATTACHMENTS, true)
                .feature(Repository.RepositoryFeature.INCLUDE_GHERKIN_DOCUMENTS, true)
                .build();
        List<GherkinDocument> documents = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ndjson);
             NdjsonToMessageIterable envelopes = new NdjsonToMessageIterable(in, new Deserializer())) {
            for (Envelope envelope : envelopes) {
                repository.update(envelope);
                envelope.getGherkinDocument().ifPresent(documents::add);
            }
        }
        ScenarioReport report = new ScenarioReport();
        report.index(new Query(repository), documents);
        return report;
    }

    /** When the run started, from Cucumber's own clock; null if the report does not say. */
    public java.time.Instant started() {
        return started;
    }

    /** Which AWS the run talked to, as the harness attached it to each scenario. */
    public String backend() {
        return backend;
    }

    public Optional<ScenarioSpec> scenario(String tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    public Map<String, ScenarioSpec> scenarios() {
        return byTag;
    }

    /** Scenarios without an id tag of their own: they cannot be placed. */
    public List<String> untagged() {
        return untagged;
    }

    private void index(Query query, List<GherkinDocument> documents) {
        started = query.findTestRunStarted().map(run -> java.time.Instant.ofEpochSecond(
                run.getTimestamp().getSeconds(), run.getTimestamp().getNanos())).orElse(null);
        Map<String, List<Run>> runsByScenarioId = new LinkedHashMap<>();
        for (TestCaseStarted started : query.findAllTestCaseStarted()) {
            Pickle pickle = query.findPickleBy(started).orElseThrow();
            runsByScenarioId.computeIfAbsent(pickle.getAstNodeIds().getFirst(), id -> new ArrayList<>())
                    .add(run(query, started, pickle));
        }
        for (GherkinDocument document : documents) {
            document.getFeature().ifPresent(feature -> feature.getChildren().forEach(child ->
                    child.getScenario().ifPresent(scenario -> {
                        List<Tag> tags = scenario.getTags();
                        String uri = document.getUri().orElse("").replaceFirst("^.*?/?(features/)", "$1");
                        if (tags.isEmpty()) {
                            untagged.add(uri + ": " + scenario.getName());
                            return;
                        }
                        String tag = tags.getFirst().getName().substring(1);
                        List<Run> runs = runsByScenarioId.getOrDefault(scenario.getId(), List.of());
                        runs.stream().map(run -> run.attachments().get("backend.txt")).filter(b -> b != null)
                                .findFirst().filter(b -> backend.isEmpty()).ifPresent(b -> backend = b.strip());
                        byTag.put(tag, new ScenarioSpec(tag, feature.getName(), scenario.getName(),
                                scenario.getKeyword(), uri, scenario.getDescription().strip(),
                                runs));
                    })));
        }
    }

    private static Run run(Query query, TestCaseStarted started, Pickle pickle) {
        List<StepResult> steps = new ArrayList<>();
        Map<String, String> attachments = new LinkedHashMap<>();
        for (Map.Entry<TestStepFinished, TestStep> finished : query.findTestStepFinishedAndTestStepBy(started)) {
            TestStepResult result = finished.getKey().getTestStepResult();
            Optional<PickleStep> pickleStep = query.findPickleStepBy(finished.getValue());
            if (pickleStep.isPresent()) {
                Step step = query.findStepBy(pickleStep.get()).orElse(null);
                steps.add(new StepResult(step == null ? "" : step.getKeyword().strip(), pickleStep.get().getText(),
                        docString(pickleStep.get()), table(pickleStep.get()), result.getStatus(),
                        result.getMessage().orElse("")));
            } else if (result.getStatus() != TestStepResultStatus.PASSED) {
                steps.add(new StepResult("Hook", "a hook of the harness", "", List.of(), result.getStatus(),
                        result.getMessage().orElse("")));
            }
            for (Attachment attachment : query.findAttachmentsBy(finished.getKey())) {
                attachments.put(attachment.getFileName().orElse(attachment.getMediaType()), text(attachment));
            }
        }
        return new Run(pickle.getName(), steps, attachments, query.findTestCaseFinishedBy(started).isPresent());
    }

    private static String docString(PickleStep step) {
        return step.getArgument().flatMap(argument -> argument.getDocString()).map(d -> d.getContent()).orElse("");
    }

    private static List<List<String>> table(PickleStep step) {
        return step.getArgument().flatMap(argument -> argument.getDataTable())
                .map(table -> table.getRows().stream()
                        .map(row -> row.getCells().stream().map(cell -> cell.getValue()).toList()).toList())
                .orElse(List.of());
    }

    private static String text(Attachment attachment) {
        return attachment.getContentEncoding() == AttachmentContentEncoding.BASE64
                ? new String(Base64.getDecoder().decode(attachment.getBody()), StandardCharsets.UTF_8)
                : attachment.getBody();
    }

    /** Cucumber's order of severity: the worst result of a scenario is its result. */
    static int severity(TestStepResultStatus a, TestStepResultStatus b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(TestStepResultStatus status) {
        return switch (status) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case PENDING -> 2;
            case UNDEFINED -> 3;
            case AMBIGUOUS -> 4;
            case UNKNOWN -> 5;
            case FAILED -> 6;
        };
    }

}
