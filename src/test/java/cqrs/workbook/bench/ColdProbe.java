package cqrs.workbook.bench;

import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.TestAws;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public final class ColdProbe {
    public static void main(String[] args) throws Exception {
        try (AwsBackend backend = Backends.start(Path.of("target"))) {
            TestAws aws = TestAws.connect(backend);
            Resources resources = Resources.create(aws);
            ColdStart cold = new ColdStart(resources.lambdaEnvironment(backend, "b".repeat(64)), Path.of("target/bench/logs"));
            Path task = ColdStart.unpack(ColdStart.ZIP, Path.of("target/bench/task").toAbsolutePath());
            ColdStart.Runtime java = new ColdStart.Runtime("java", ColdStart.javaCommand(false, List.of(args)), Map.of(), task);
            ColdStart.Runtime node = new ColdStart.Runtime("node", ColdStart.nodeCommand(), Map.of(), task);
            for (int i = 0; i < 4; i++) {
                System.out.println("java " + cold.run(java, "Probe " + i));
                System.out.println("node " + cold.run(node, "Probe " + i));
            }
        }
    }
}
