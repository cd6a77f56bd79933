package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.TestAws;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code make bench-cost}: the cost section of {@code make bench} alone (a minute or two
 * instead of the whole bench), its keys merged into results.json, and the cost chapter's
 * figures written; the other sections' figures are left as they were.
 */
public final class CostBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostBench() {}

    public static void main(String[] args) throws Exception {
        Path target = Path.of("target/bench");
        Path docs = Path.of("docs/bench");
        Files.createDirectories(target);
        PrintStream out = System.out;
        System.setOut(new PrintStream(new FileOutputStream(target.resolve("handler.log").toFile()), true));
        ObjectNode cost = JSON.createObjectNode();
        if (Boolean.getBoolean("cost.figuresOnly")) { // new prices, quotas or load figures: the last counts, priced anew
            CommandCost.derive(cost, JSON.readTree(docs.resolve("results.json").toFile()).path("commandCounts"), out::println);
            cost.set("costMeasured", JSON.readTree(docs.resolve("results.json").toFile()).path("costMeasured"));
            write(cost, target, docs, out);
            return;
        }
        try (AwsBackend backend = Backends.start(target)) {
            TestAws aws = TestAws.connect(backend);
            Resources resources = Resources.create(aws);
            CommandCost.section(backend, aws, resources, cost, out::println);
            resources.close();
        } finally {
            System.setOut(out);
        }
        cost.putObject("costMeasured").put("date", java.time.Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors()).put("emulator", "moto");
        write(cost, target, docs, out);
    }

    private static void write(ObjectNode cost, Path target, Path docs, PrintStream out) throws java.io.IOException {
        for (Path dir : List.of(target, docs)) {
            Path results = dir.resolve("results.json");
            ObjectNode merged = Files.exists(results) ? (ObjectNode) JSON.readTree(results.toFile()) : JSON.createObjectNode();
            merged.setAll(cost);
            Files.createDirectories(dir);
            Files.writeString(results, JSON.writeValueAsString(merged));
        }
        for (String file : CostFigures.write(cost, target)) {
            Files.copy(target.resolve(file), docs.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        out.println("cost figures merged into " + docs.resolve("results.json") + "; " + docs.resolve("cost-figures.adoc"));
    }
}
