package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaJavaRuntime;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.TestAws;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code make bench}: what the design costs, measured on this machine. Numbers, never
 * assertions: no test depends on them. One progress line per benchmark; the handler's own
 * log lines go to target/bench/handler.log. Writes target/bench/results.json and the charts,
 * and copies both to docs/bench/, where the guide includes them.
 * <ol>
 * <li>cold starts: the packaged zip under aws-lambda-rie against the Node.js peer, lever by lever;</li>
 * <li>the SDK's HTTP clients, each in a fresh JVM;</li>
 * <li>the cost of a command and of a projected event, in AWS requests;</li>
 * <li>reading a stream back, whole or from its latest restating event, up to 10,000 events;</li>
 * <li>the projection's lag at steady rates, under the local event source mapping.</li>
 * </ol>
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final PrintStream OUT = System.out;
    private static final Path TARGET = Path.of("target/bench");
    private static final Path DOCS = Path.of("docs/bench");
    private static final Path CLASS_DATA = Path.of("target/class-data");
    private static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 8);
    /** {@code -Dbench.only=cold,cost}: some sections only, for a quick look; the files are then not copied to docs/. */
    private static final List<String> ONLY = Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
    /** {@code -Dbench.variants=ownEvents,node}: some cold-start variants only. */
    private static final List<String> VARIANTS = Arrays.stream(System.getProperty("bench.variants", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();

    private static boolean section(String name) {
        return ONLY.isEmpty() || ONLY.contains(name);
    }

    private final ObjectNode results = JSON.createObjectNode();
    private final TestAws aws;
    private final Resources resources;
    private final AwsBackend backend;
    private final Map<String, String> env;

    private Bench(AwsBackend backend, TestAws aws, Resources resources) {
        this.backend = backend;
        this.aws = aws;
        this.resources = resources;
        this.env = resources.lambdaEnvironment(backend, "b".repeat(64));
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(TARGET);
        long started = System.nanoTime();
        // The handler logs a line per command and event, as in AWS; here they would drown the progress.
        System.setOut(new PrintStream(new FileOutputStream(TARGET.resolve("handler.log").toFile()), true));
        try (AwsBackend backend = Backends.start(TARGET)) {
            TestAws aws = TestAws.connect(backend);
            Resources resources = Resources.create(aws);
            progress("AWS backend: " + backend);
            Bench bench = new Bench(backend, aws, resources);
            bench.signIn();
            bench.machine();
            if (ONLY.contains("class-data")) { // make class-data: this only, never part of a full bench
                bench.classData();
            }
            if (section("cold")) {
                bench.coldStarts();
            }
            if (section("http")) {
                bench.httpClients();
            }
            if (section("cost")) {
                bench.commandCost();
                CommandCost.section(backend, aws, resources, bench.results, Bench::progress); // every command and role, priced
            }
            if (section("lag")) {
                bench.projectionLag();
            }
            // Last: its 11,000 events make the emulator's every Query slower (see replay()).
            if (section("replay")) {
                bench.replay();
            }
            resources.close();
            bench.write();
        } finally {
            System.setOut(OUT);
        }
        progress(String.format("done in %.0f s", (System.nanoTime() - started) / 1e9));
    }

    private void machine() throws IOException {
        ObjectNode machine = results.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                lines.filter(l -> l.startsWith("model name")).findFirst()
                        .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
            }
        }
        machine.put("memoryMb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / (1024 * 1024));
        machine.put("emulator", backend.name());
        machine.put("date", Instant.now().toString());
        ObjectNode jvm = results.putObject("jvm");
        jvm.put("version", System.getProperty("java.runtime.version"));
        jvm.put("vendor", System.getProperty("java.vendor"));
        jvm.put("vm", System.getProperty("java.vm.name"));
        try {
            String node = new String(new ProcessBuilder("node", "--version").start().getInputStream().readAllBytes()).strip();
            results.putObject("node").put("version", node);
        } catch (IOException noNode) {
            results.putObject("node").put("version", "not found"); // make class-data needs no Node.js
        }
    }

    // ------------------------------------------------------------------ 1. cold starts

    /** A set of levers: how the function is started. */
    private record Variant(String key, String label, boolean lambdaValid, ColdStart.Runtime runtime) {}

    // tag::levers[]
    private void coldStarts() throws Exception {
        Path task = unpack(TARGET.resolve("task"));
        Path baselineTask = withShim(unpack(TARGET.resolve("task-baseline")));
        ColdStart cold = new ColdStart(env, TARGET.resolve("logs"));
        cold.orgHeaders(orgHeaders);
        Map<String, String> none = Map.of();
        Map<String, String> primed = LambdaJavaRuntime.env("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency");
        String serialisers = "cqrs.workbook.bench.shim.RuntimeSerialisersHandler::handleRequest";
        Path jsa = CLASS_DATA.resolve("app.jsa").toAbsolutePath();
        Path aot = CLASS_DATA.resolve("app.aot").toAbsolutePath();
        if (VARIANTS.isEmpty() || VARIANTS.stream().anyMatch(k -> k.contains("Cds") || k.contains("Aot"))) {
            train(cold, task, jsa, aot);
        }
        List<String> cds = List.of("-XX:SharedArchiveFile=" + jsa);
        List<String> aotCache = List.of("-XX:AOTCache=" + aot);

        List<Variant> all = List.of(
                new Variant("baseline", "before: runtime serialisers, C1 only", true,
                        java("baseline", baselineTask, false, List.of(), none, serialisers)),
                new Variant("ownEvents", "(a) own event mapping", true, java("own-events", task, false, List.of(), none, null)),
                new Variant("primedBaseline", "(c) priming alone", true,
                        java("primed-baseline", baselineTask, false, List.of(), primed, serialisers)),
                new Variant("cdsBaseline", "(d) AppCDS archive alone", false,
                        java("cds-baseline", baselineTask, false, cds, none, serialisers)),
                new Variant("fullJitBaseline", "(e) full JIT (java25 with SnapStart) alone", true,
                        java("jit-baseline", baselineTask, true, List.of(), none, serialisers)),
                new Variant("ownEventsPrimed", "(a)+(c): the java21 SnapStart set", true, java("own-primed", task, false, List.of(), primed, null)),
                new Variant("ownEventsPrimedFullJit", "(a)+(c)+(e): the java25 SnapStart set", true,
                        java("own-primed-jit", task, true, List.of(), primed, null)),
                new Variant("ownEventsCds", "(a)+(d) AppCDS", false, java("own-cds", task, false, cds, none, null)),
                new Variant("ownEventsAot", "(a)+(d) JDK 25 AOT cache", false, java("own-aot", task, false, aotCache, none, null)),
                new Variant("node", "Node.js 20 peer", true,
                        new ColdStart.Runtime("node", ColdStart.nodeCommand(), none, task)));
        // end::levers[]
        List<Variant> variants = all.stream()
                .filter(v -> VARIANTS.isEmpty() || VARIANTS.contains(v.key()) || v.key().equals("node")).toList();

        Map<String, List<ColdStart.Run>> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v.key(), new ArrayList<>()));
        // Interleaved: one run of each in turn, so that a busy moment of the machine hits all alike.
        for (int round = 0; round < COLD_RUNS; round++) {
            for (Variant variant : variants) {
                runs.get(variant.key()).add(cold.run(variant.runtime(), "Cold " + variant.key() + " " + round));
            }
        }
        double node = median(runs.get("node").stream().mapToDouble(ColdStart.Run::toFirstAnswer).toArray());
        double nodeInvoke = median(runs.get("node").stream().mapToDouble(ColdStart.Run::firstInvoke).toArray());
        ArrayNode table = results.putObject("levers").putArray("table");
        for (Variant variant : variants) {
            double[] total = runs.get(variant.key()).stream().mapToDouble(ColdStart.Run::toFirstAnswer).toArray();
            double[] init = runs.get(variant.key()).stream().mapToDouble(ColdStart.Run::initDuration).toArray();
            double[] invoke = runs.get(variant.key()).stream().mapToDouble(ColdStart.Run::firstInvoke).toArray();
            table.addObject().put("key", variant.key()).put("levers", variant.label())
                    .put("validOnLambdaManagedRuntime", variant.lambdaValid())
                    .put("runs", total.length)
                    .put("toFirstAnswerMedianMs", round(median(total)))
                    .put("toFirstAnswerMinMs", round(min(total))).put("toFirstAnswerMaxMs", round(max(total)))
                    .put("initMedianMs", round(median(init)))
                    .put("firstInvokeMedianMs", round(median(invoke)))
                    .put("ratioToNode", round(median(total) / node))
                    .put("firstInvokeRatioToNode", round(median(invoke) / nodeInvoke));
            progress(String.format("cold start  %-44s median %6.0f ms (%5.0f-%5.0f), init %5.0f, first invoke %5.0f ms, x%.2f of Node",
                    variant.label(), median(total), min(total), max(total), median(init), median(invoke), median(total) / node));
        }
        if (!VARIANTS.isEmpty()) {
            return; // a quick look at some variants: no headline figures
        }
        // The headline: the product as shipped (own events), started cold without a snapshot.
        double java = median(runs.get("ownEvents").stream().mapToDouble(ColdStart.Run::toFirstAnswer).toArray());
        results.putObject("coldStart")
                .put("javaMedianMs", round(java)).put("nodeMedianMs", round(node)).put("ratio", round(java / node))
                .put("runsEach", COLD_RUNS)
                .put("javaFlags", String.join(" ", ColdStart.javaCommand(false, List.of()).subList(1, 6)))
                .put("what", "process start to the first answered POST /orgs, aws-lambda-rie, zip under the Java RIC vs the Node.js peer");
        double primedInvoke = median(runs.get("ownEventsPrimed").stream().mapToDouble(ColdStart.Run::firstInvoke).toArray());
        results.putObject("primedFirstRequest")
                .put("javaMs", round(primedInvoke)).put("nodeMs", round(nodeInvoke)).put("ratio", round(primedInvoke / nodeInvoke))
                .put("what", "the first invoke's duration once priming ran at init (what a SnapStart restore starts from), java21 flags (C1), against Node's first invoke");
        results.putObject("classData")
                .put("appCdsArchiveBytes", Files.size(jsa)).put("aotCacheBytes", Files.size(aot))
                .put("foreignArchive", foreignArchive(cold, task));
    }

    private static Path unpack(Path taskRoot) throws IOException {
        LambdaJavaRuntime.unpack(ColdStart.ZIP, taskRoot.toAbsolutePath());
        return taskRoot.toAbsolutePath();
    }

    private static ColdStart.Runtime java(String name, Path task, boolean fullJit, List<String> flags,
                                          Map<String, String> env, String handler) throws IOException {
        List<String> extra = new ArrayList<>(flags);
        // -Dbench.javaFlags="-Xlog:class+load:file=..." and the like, for a look inside the runs.
        Arrays.stream(System.getProperty("bench.javaFlags", "").split(" ")).filter(f -> !f.isBlank()).forEach(extra::add);
        List<String> command = new ArrayList<>(ColdStart.javaCommand(fullJit, extra));
        if (handler != null) {
            command.set(command.size() - 1, handler);
        }
        return new ColdStart.Runtime(name, command, env, task);
    }

    /** The "before" of lever (a): the shim that reads events with the runtime's serialisers, and their jars. */
    private static Path withShim(Path task) throws Exception {
        Path shim = Path.of("target/test-classes/cqrs/workbook/bench/shim");
        Path into = Files.createDirectories(task.resolve("cqrs/workbook/bench/shim"));
        try (Stream<Path> classes = Files.list(shim)) {
            for (Path c : classes.toList()) {
                Files.copy(c, into.resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (Class<?> fromJar : List.of(com.amazonaws.services.lambda.runtime.events.SQSEvent.class,
                com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class, org.joda.time.DateTime.class)) {
            Path jar = Path.of(fromJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(jar, task.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return task;
    }

    // tag::training[]
    /**
     * A training run: one cold start with real requests, whose JVM writes the class data at
     * exit (an AppCDS archive with -XX:ArchiveClassesAtExit, or the JDK 25 AOT cache with
     * -XX:AOTCacheOutput). Later starts map it instead of loading and linking those classes.
     */
    private static void train(ColdStart cold, Path task, Path jsa, Path aot) throws Exception {
        Files.createDirectories(jsa.getParent());
        for (Map.Entry<Path, String> archive : Map.of(jsa, "-XX:ArchiveClassesAtExit=", aot, "-XX:AOTCacheOutput=").entrySet()) {
            Files.deleteIfExists(archive.getKey());
            cold.train(new ColdStart.Runtime("training", ColdStart.javaCommand(false, List.of(archive.getValue() + archive.getKey())),
                    Map.of(), task), archive.getKey());
            progress("class data  " + archive.getKey().getFileName() + ": " + Files.size(archive.getKey()) / 1024
                    + " KiB from a training run");
        }
    }
    // end::training[]

    // tag::class-data[]
    /**
     * {@code make class-data}: the AOT cache and the AppCDS archive of the packaged zip, from
     * a training run of real requests, and a copy of the zip that carries them with the flag
     * that uses one. Only a JVM of the very build that made them maps them: this JDK, in a
     * container image or a custom runtime, not the JVM of Lambda's managed java runtimes.
     */
    private void classData() throws Exception {
        Path task = unpack(TARGET.resolve("task"));
        ColdStart cold = new ColdStart(env, TARGET.resolve("logs"));
        cold.orgHeaders(orgHeaders);
        Path jsa = CLASS_DATA.resolve("app.jsa").toAbsolutePath();
        Path aot = CLASS_DATA.resolve("app.aot").toAbsolutePath();
        train(cold, task, jsa, aot);
        String flags = "-XX:AOTCache=/var/task/class-data/app.aot";
        String jvm = System.getProperty("java.vm.version");
        Files.writeString(CLASS_DATA.resolve("README.txt"), String.join("\n",
                "Class data of " + ColdStart.ZIP.getFileName() + ", made by a training run of real requests",
                "(sign-in token check, read, conditional write, publish) on the JVM " + jvm + ".",
                "Only this very JVM build maps it; another build of JDK 24 or later starts without it, a little slower.",
                "With the zip unpacked in /var/task: JAVA_TOOL_OPTIONS=" + flags,
                "A JDK older than 24 does not know -XX:AOTCache and refuses to start: there, use the AppCDS archive,",
                "which any JDK 13 or later ignores when it is not its own: JAVA_TOOL_OPTIONS=-XX:SharedArchiveFile=/var/task/class-data/app.jsa -Xshare:auto",
                ""));
        Path withClassData = Path.of("target/cqrs-workbook-lambda-class-data.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(withClassData));
             java.util.zip.ZipFile zip = new java.util.zip.ZipFile(ColdStart.ZIP.toFile())) {
            for (java.util.zip.ZipEntry entry : zip.stream().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.getInputStream(entry).transferTo(out);
                out.closeEntry();
            }
            for (Path file : List.of(aot, jsa, CLASS_DATA.resolve("README.txt"))) {
                out.putNextEntry(new java.util.zip.ZipEntry("class-data/" + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        progress("class data  " + withClassData + ": " + Files.size(withClassData) / 1024 + " KiB; "
                + CLASS_DATA.resolve("README.txt") + " says where it can be used");
    }
    // end::class-data[]

    /** An archive from another JDK build must not stop the function: a corrupted one stands in for it. */
    private String foreignArchive(ColdStart cold, Path task) throws Exception {
        Path foreign = TARGET.resolve("foreign.jsa").toAbsolutePath();
        byte[] bytes = Files.readAllBytes(CLASS_DATA.resolve("app.jsa"));
        for (int i = 16; i < 200 && i < bytes.length; i++) {
            bytes[i] ^= 0x5a; // the header: magic kept, version and JVM identity scrambled
        }
        Files.write(foreign, bytes);
        ColdStart.Run run = cold.run(new ColdStart.Runtime("foreign-archive",
                ColdStart.javaCommand(false, List.of("-XX:SharedArchiveFile=" + foreign)), Map.of(), task), "Cold foreign");
        String verdict = String.format("started and answered in %.0f ms, without the archive (-Xshare:auto).", run.toFirstAnswer());
        progress("class data  an archive the JVM cannot use: " + verdict);
        return verdict;
    }

    // ------------------------------------------------------------------ 2. HTTP clients

    private void httpClients() throws Exception {
        Path classpathFile = TARGET.resolve("classpath.txt");
        if (!Files.exists(classpathFile)) {
            progress("http client skipped: no " + classpathFile + " (make bench writes it)");
            return;
        }
        String classpath = "target/test-classes:target/classes:" + Files.readString(classpathFile).strip();
        ObjectNode clients = results.putObject("httpClient");
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < 5; round++) {
            for (String client : List.of("url-connection", "crt")) {
                Process probe = new ProcessBuilder(ColdStart.javaCommand(false, List.of()).subList(0, 6))
                        .command(Stream.concat(ColdStart.javaCommand(false, List.of()).subList(0, 5).stream(),
                                Stream.of("-cp", classpath, HttpClientProbe.class.getName(), client,
                                        backend.endpoint().orElseThrow().toString(), backend.region().id(),
                                        resources.eventsTable)).toList())
                        .redirectErrorStream(true).start();
                String[] out = new String(probe.getInputStream().readAllBytes()).strip().split("\\R");
                probe.waitFor();
                String[] last = out[out.length - 1].split(" ");
                samples.computeIfAbsent(client, c -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1]), Double.parseDouble(last[2])});
            }
        }
        samples.forEach((client, values) -> {
            double build = median(values.stream().mapToDouble(v -> v[0]).toArray());
            double call = median(values.stream().mapToDouble(v -> v[1]).toArray());
            double total = median(values.stream().mapToDouble(v -> v[2]).toArray());
            clients.putObject(client).put("buildMedianMs", round(build)).put("firstCallMedianMs", round(call))
                    .put("jvmStartToAnswerMedianMs", round(total));
            progress(String.format("http client %-15s build %5.0f ms, first call %5.0f ms, JVM start to answer %5.0f ms",
                    client, build, call, total));
        });
    }

    // ------------------------------------------------------------------ 3. the cost of a command

    // tag::command-cost[]
    private void commandCost() {
        RequestCounter commands = new RequestCounter();
        LambdaInvoker lambda = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(),
                List.of(commands))));
        RequestCounter projections = new RequestCounter();
        LambdaInvoker projector = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(),
                List.of(projections))));
        int n = 50;
        commands.reset();
        for (int i = 0; i < n; i++) {
            register(lambda, "Cost " + i);
        }
        RequestCounter.Totals perCommand = commands.totals();
        try (EventSourceMapping esm = new EventSourceMapping("projection", aws.sqs(), resources.projectionQueue.url(),
                resources.projectionQueue.arn(), backend.region().id(), projector)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (projections.totals().byOperation().getOrDefault("DynamoDb.PutItem", 0) < n && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        RequestCounter.Totals perEvent = projections.totals();
        // end::command-cost[]
        ObjectNode cost = results.putObject("commandCost");
        cost.put("commands", n);
        cost.set("commandRequests", JSON.valueToTree(perCommand.byOperation()));
        cost.put("commandCapacityUnits", round(perCommand.capacityUnits()));
        cost.set("projectionRequests", JSON.valueToTree(perEvent.byOperation()));
        cost.put("projectionCapacityUnits", round(perEvent.capacityUnits()));
        double requestsPerCommand = perCommand.requests() / (double) n;
        double requestsPerEvent = perEvent.requests() / (double) n;
        double writesPerEvent = perEvent.byOperation().getOrDefault("DynamoDb.PutItem", 0) / (double) n;
        cost.put("requestsPerRegistration", round(requestsPerCommand));
        results.put("requestsPerProjectedEvent", round(requestsPerEvent));
        results.put("writesPerProjectedEvent", round(writesPerEvent));
        progress(String.format("command cost %.2f requests per accepted command %s, %.2f CU; per projected event %.2f requests %s (%.2f writes), %.2f CU",
                requestsPerCommand, perCommand.byOperation(), perCommand.capacityUnits() / n, requestsPerEvent,
                perEvent.byOperation(), writesPerEvent, perEvent.capacityUnits() / n));
    }

    // ------------------------------------------------------------------ 4. replay scaling

    // tag::read-back-bench[]
    private void replay() {
        LambdaInvoker lambda = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of())));
        RequestCounter reads = new RequestCounter();
        // The function's client, counting capacity, for reads from the latest event; the harness's
        // client, without the function's 2-second budget, for whole streams of 10,000 items.
        EventStore store = new EventStore(cqrs.workbook.lambda.AwsClients.create(Config.from(env), List.of(reads)).dynamo(),
                resources.eventsTable);
        EventStore wholeStore = new EventStore(aws.dynamo(), resources.eventsTable);
        double capacityAt1 = 0;
        double capacityAt10k = 0;
        ArrayNode rows = results.putObject("replay").putArray("rows");
        double latestAt1 = 0;
        double latestAt10k = 0;
        // Every stream is written before any is read. moto's Query looks at every item of the
        // table, not only at the stream's, so reading with the table at one size and then at
        // another would measure the emulator's table, not the stream's length.
        int[] lengths = {1, 10, 100, 1_000, 10_000};
        Map<Integer, String> streams = new LinkedHashMap<>();
        for (int length : lengths) {
            String id = register(lambda, "Replay " + length);
            String stream = Aggregates.ORG.stream(id);
            if (length > 1) {
                lambda.http("PUT", "/orgs/" + id, orgHeaders, profile("Replay v2"));
                copyLatest(stream, 3, length);
            }
            streams.put(length, stream);
        }
        for (int length : lengths) {
            String stream = streams.get(length);
            // Whole-stream reads of long streams take seconds on the emulator: fewer of them.
            double[] whole = new double[length >= 10_000 ? 1 : length >= 1_000 ? 3 : 15];
            double[] latest = new double[15];
            int wholeItems = 0;
            int latestItems = 0;
            double latestCapacity = 0;
            for (int i = 0; i < latest.length; i++) {
                reads.reset();
                long start = System.nanoTime();
                latestItems = store.readFromLatest(stream, Bench::restatesOrgState).size();
                latest[i] = (System.nanoTime() - start) / 1e6;
                latestCapacity = reads.totals().capacityUnits();
                if (i < whole.length) {
                    start = System.nanoTime();
                    wholeItems = wholeStore.readStream(stream).size();
                    whole[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            rows.addObject().put("events", length).put("wholeItems", wholeItems).put("wholeMedianMs", round(median(whole)))
                    .put("latestItems", latestItems).put("latestMedianMs", round(median(latest)))
                    .put("latestCapacityUnits", round(latestCapacity));
            progress(String.format("replay %6d events: whole stream %5d items %8.1f ms; from the latest %d items %6.1f ms, %.1f CU",
                    length, wholeItems, median(whole), latestItems, median(latest), latestCapacity));
            if (length == 1) {
                latestAt1 = median(latest);
                capacityAt1 = latestCapacity;
            }
            latestAt10k = median(latest);
            capacityAt10k = latestCapacity;
        }
        results.with("replay").put("latestRatio10kTo1", round(latestAt10k / latestAt1))
                .put("latestCapacityRatio10kTo1", round(capacityAt10k / capacityAt1));
        results.put("replay.latestRatio10kTo1", round(latestAt10k / latestAt1));
    }
    // end::read-back-bench[]

    private static boolean restatesOrgState(StoredEvent stored) {
        return Aggregates.ORG.decider().restatesState(Aggregates.ORG.codec().fromStoredJson(stored.type(), stored.payload()));
    }

    /** Lengthens a stream fast: copies of its latest item at the next versions, written in batches of 25. */
    private void copyLatest(String stream, int from, int to) {
        Map<String, AttributeValue> latest = aws.dynamo().query(q -> q.tableName(resources.eventsTable).consistentRead(true)
                .scanIndexForward(false).limit(1).keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "stream"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))).items().getFirst();
        List<WriteRequest> batch = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            Map<String, AttributeValue> item = new HashMap<>(latest);
            item.put("version", AttributeValue.fromN(Integer.toString(v)));
            item.put("eventId", AttributeValue.fromS("bench-" + v));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || v == to) {
                List<WriteRequest> send = List.copyOf(batch);
                Map<String, List<WriteRequest>> left = Map.of(resources.eventsTable, send);
                while (!left.isEmpty()) {
                    Map<String, List<WriteRequest>> request = left;
                    left = aws.dynamo().batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                }
                batch.clear();
            }
        }
    }

    // ------------------------------------------------------------------ 5. projection lag

    // tag::lag-bench[]
    /**
     * Commands at a steady rate, and for each event the time from the command's answer to
     * the moment the projection's invocation that wrote its view returned. The event source
     * mapping is the local one ({@code make run} uses the same), polling the projection queue.
     */
    private void projectionLag() throws Exception {
        LambdaInvoker lambda = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of())));
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> projected = new ConcurrentHashMap<>();
        Handler handler = new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of()));
        LambdaInvoker projector = new LambdaInvoker((input, output, context) -> {
            byte[] event = input.readAllBytes();
            handler.handleRequest(new java.io.ByteArrayInputStream(event), output, context);
            long now = System.nanoTime();
            JSON.readTree(event).path("Records").forEach(r -> projected.putIfAbsent(streamOf(r.path("body").asText()), now));
        });
        ArrayNode rates = results.putObject("projectionLag").putArray("rates");
        double sustained = 0;
        double p99AtSteady = 0;
        try (EventSourceMapping esm = new EventSourceMapping("projection", aws.sqs(), resources.projectionQueue.url(),
                resources.projectionQueue.arn(), backend.region().id(), projector);
             java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            // The earlier sections left events in the queue with no consumer: they go first, and
            // would be counted as lag of the first commands here (the 5-7 s lags of earlier runs).
            awaitDrained(resources.projectionQueue.url());
            for (int rate : new int[] {5, 10, 20, 40}) {
                answered.clear();
                projected.clear();
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                long first = next;
                long stop = first + 5_000_000_000L; // five seconds per rate, however many commands that is
                int count = 0;
                // Commands are sent on schedule from a pool of clients, as independent callers
                // would send them: one slow answer does not hold the next command back.
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < rate * 5 && System.nanoTime() < stop; i++, count++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    next += interval;
                    String name = "Lag " + rate + " " + i;
                    sent.add(clients.submit(() -> answered.put(Aggregates.ORG.stream(register(lambda, name)), System.nanoTime())));
                }
                for (java.util.concurrent.Future<?> command : sent) {
                    command.get();
                }
                double achieved = count / ((System.nanoTime() - first) / 1e9);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!projected.keySet().containsAll(answered.keySet()) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                double[] lags = answered.entrySet().stream().filter(e -> projected.containsKey(e.getKey()))
                        .mapToDouble(e -> Math.max(0, projected.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
                double p50 = percentile(lags, 0.50);
                double p99 = percentile(lags, 0.99);
                double maxLag = lags.length == 0 ? Double.NaN : lags[lags.length - 1];
                rates.addObject().put("targetPerSecond", rate).put("achievedPerSecond", round(achieved))
                        .put("events", lags.length).put("p50Ms", round(p50)).put("p99Ms", round(p99)).put("maxMs", round(maxLag));
                progress(String.format("projection lag at %2d/s (achieved %5.1f/s, %d events): p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms",
                        rate, achieved, lags.length, p50, p99, maxLag));
                if (rate == 5) {
                    p99AtSteady = p99;
                    results.with("projectionLag").put("p50Ms", round(p50)).put("p99Ms", round(p99)).put("maxMs", round(maxLag))
                            .put("steadyRatePerSecond", rate);
                }
                if (p99 <= 250 && lags.length == count) {
                    sustained = achieved;
                }
            }
        }
        // end::lag-bench[]
        results.with("projectionLag").put("sustainedPerSecond", round(sustained));
        results.put("projectionLag.p99Ms", round(p99AtSteady));
    }

    private void awaitDrained(String queueUrl) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, String> attributes = aws.sqs().getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            if (attributes.values().stream().allMatch("0"::equals)) {
                return;
            }
            try {
                Thread.sleep(50); // between two questions to the emulator, not a wait for a result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        progress("projection lag: the queue did not drain within two minutes; lags include a backlog");
    }

    private static String streamOf(String body) {
        try {
            return JSON.readTree(body).path("stream").asText();
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ output

    private void write() throws IOException {
        if (ONLY.equals(List.of("class-data"))) {
            return;
        }
        if (!ONLY.isEmpty() || !VARIANTS.isEmpty()) {
            Files.writeString(TARGET.resolve("quick-look.json"), JSON.writeValueAsString(results));
            progress("a quick look (bench.only or bench.variants): " + TARGET.resolve("quick-look.json")
                    + "; results.json, the charts and docs/bench are left as they were");
            return;
        }
        // Flat keys as well, so that each headline figure can be read by its dotted name.
        JsonNode cold = results.path("coldStart");
        results.put("coldStart.javaMedianMs", cold.path("javaMedianMs").asDouble());
        results.put("coldStart.nodeMedianMs", cold.path("nodeMedianMs").asDouble());
        results.put("coldStart.ratio", cold.path("ratio").asDouble());
        results.put("primedFirstRequest.ratio", results.path("primedFirstRequest").path("ratio").asDouble());
        Files.writeString(TARGET.resolve("results.json"), JSON.writeValueAsString(results));
        Charts.write(results, TARGET);
        Files.writeString(TARGET.resolve("figures.adoc"), Figures.asciidoc(results));
        List<String> costFiles = CostFigures.write(results, TARGET); // the cost chapter's tables, the load figures
        Files.createDirectories(DOCS);
        for (String file : java.util.stream.Stream.concat(Stream.of("results.json", "figures.adoc", "cold-start.svg", "replay.svg", "lag.svg"),
                costFiles.stream()).toList()) {
            Files.copy(TARGET.resolve(file), DOCS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        progress("results   " + TARGET.resolve("results.json") + ", charts and figures copied to " + DOCS);
    }

    // ------------------------------------------------------------------ helpers

    /** Org commands need a token: the bench signs a phone in once, reading its code from the SMS. */
    private static Map<String, String> orgHeaders = Map.of("Content-Type", "application/json");

    private void signIn() {
        LambdaInvoker lambda = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of())));
        String phone = "+6590000100";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String otpId = lambda.http("POST", "/otp", json, "{\"phone\": \"" + phone + "\"}").json().path("otpId").asText();
        String sms = backend.smsSentTo(phone).getLast().message();
        String code = sms.replaceAll("(?s).*\\b([0-9]{6})\\b.*", "$1");
        Exchange verified = lambda.http("POST", "/otp/verify", json,
                "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId + "\", \"code\": \"" + code + "\"}");
        if (verified.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + verified.body());
        }
        orgHeaders = Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + verified.json().path("token").asText());
    }

    private static String register(LambdaInvoker lambda, String name) {
        Exchange answer = lambda.http("POST", "/orgs", orgHeaders, profile(name));
        if (answer.status() != 201) {
            throw new IllegalStateException("register failed: " + answer.body());
        }
        return answer.json().path("id").asText();
    }

    private static String profile(String name) {
        return "{\"name\": \"" + name + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}";
    }

    static double median(double[] values) {
        return percentile(Arrays.stream(values).sorted().toArray(), 0.5);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void progress(String line) {
        OUT.println(line);
    }
}
