package cqrs.workbook.guide;

import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import io.cucumber.messages.types.TestStepResultStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code run-summary::[]}: which run the guide shows. When it ran, against which AWS, from
 * which commit, and how many scenarios passed, failed or were skipped, so that a reader
 * knows what the results below are evidence of.
 */
@Name("run-summary")
public final class RunSummaryMacro extends BlockMacroProcessor {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ScenarioReport report;
    private final String commit;

    public RunSummaryMacro(ScenarioReport report, String commit) {
        this.report = report;
        this.commit = commit;
    }

    /** A count in its result's colour, or plain when it is zero: a zero is not news. */
    private static String badge(String result, int count) {
        return count == 0 ? count + " " + result : "[.step-" + result + "]#" + count + " " + result + "#";
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ScenarioSpec spec : report.scenarios().values()) {
            String result = spec.executed() ? ScenarioMacro.word(spec.status()) : "not run";
            counts.merge(result, 1, Integer::sum);
        }
        int passed = counts.getOrDefault(ScenarioMacro.word(TestStepResultStatus.PASSED), 0);
        int failed = counts.getOrDefault(ScenarioMacro.word(TestStepResultStatus.FAILED), 0);
        int skipped = counts.getOrDefault(ScenarioMacro.word(TestStepResultStatus.SKIPPED), 0);
        int notRun = counts.getOrDefault("not run", 0);
        int other = report.scenarios().size() - passed - failed - skipped - notRun;
        String results = badge("passed", passed) + " " + badge("failed", failed) + " " + badge("skipped", skipped) + (notRun > 0 ? " " + notRun + " not run" : "")
                + (other > 0 ? " " + other + " other" : "")
                + " of " + report.scenarios().size() + " scenarios";
        Block block = createBlock(parent, "open", "");
        parseContent(block, List.of(
                "[.run-summary,cols=\"1,4\",options=\"autowidth\",frame=\"ends\",grid=\"rows\",caption=\"\"]",
                ".The run this edition shows",
                "|===",
                "|Ran |" + (report.started() == null ? "unknown" : WHEN.format(report.started())),
                "|Against |" + ScenarioMacro.cell(report.backend().isEmpty() ? "unknown" : report.backend()),
                "|Commit |`" + ScenarioMacro.cell(commit) + "`",
                "|Results |" + results,
                "|==="));
        return block;
    }
}
