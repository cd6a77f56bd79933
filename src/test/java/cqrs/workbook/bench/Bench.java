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
import cqrs.workbook.emulator.StreamEventSourceMapping;
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
 * <li>cold starts: each package (the zip, the provided.al2023 package) under aws-lambda-rie and a
 * CPU limit, against the Node.js peer, primed or not, and a restore from a CRIU checkpoint;</li>
 * <li>the SDK's HTTP clients, each in a fresh JVM;</li>
 * <li>the cost of a command and of a projected event, in AWS requests;</li>
 * <li>the projection's lag under the outbox, through the local event source mappings;</li>
 * <li>reading a stream back, whole or from its latest restating event, up to 10,000 events.</li>
 * </ol>
 * {@code make aot-cache} runs only the provided.al2023 package's training ({@code -Dbench.only=aot-cache}).
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final PrintStream OUT = System.out;
    private static final Path TARGET = Path.of("target/bench");
    private static final Path DOCS = Path.of("docs/bench");
    private static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 8);
    /** {@code -Dbench.only=cold,cost}: some sections only, for a quick look; the files are then not copied to docs/. */
    private static final List<String> ONLY = Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
    /** {@code -Dbench.variants=ownEvents,node}: some cold-start variants only. */
    private static final List<String> VARIANTS = Arrays.stream(System.getProperty("bench.variants", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();

    private static boolean section(String name) {
        return ONLY.isEmpty() ? !name.equals("aot-cache") : ONLY.contains(name);
    }

    private final ObjectNode results = JSON.createObjectNode();
    private final TestAws aws;
    private final Resources resources;
    private final AwsBackend backend;
    private final Map<String, String> env;
    /** The function's environment as the template deploys it: events published by the outbox. */
    private final Map<String, String> outboxEnv;

    private Bench(AwsBackend backend, TestAws aws, Resources resources) {
        this.backend = backend;
        this.aws = aws;
        this.resources = resources;
        this.env = resources.lambdaEnvironment(backend, "b".repeat(64));
        this.outboxEnv = resources.lambdaEnvironment(backend, "b".repeat(64), "outbox");
    }

    /** A part of the bench: its name for {@code -Dbench.only}, and what it runs. */
    private record Section(String name, Step step) {}

    @FunctionalInterface
    private interface Step {
        void run(Bench bench) throws Exception;
    }

    /** The sections of a full bench, in order; a new one is one more line here. */
    private static final List<Section> SECTIONS = List.of(
            new Section("cold", Bench::coldStarts),
            new Section("http", Bench::httpClients),
            new Section("cost", Bench::costs),
            new Section("lag", Bench::projectionLag),
            // Last: its 11,000 events make the emulator's every Query slower (see replay()).
            new Section("replay", Bench::replay));

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
            if (ONLY.contains("aot-cache")) { // make aot-cache: this only, never part of a full bench
                bench.aotCache();
            }
            for (Section section : SECTIONS) {
                if (section(section.name())) {
                    section.step().run(bench);
                }
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
        results.putObject("node").put("version", nodeVersion()).put("binary", ColdStart.node());
    }

    // ------------------------------------------------------------------ 1. cold starts

    /** A way of starting the function: a package, its flags, and what it stands for on AWS. */
    private record Variant(String key, String label, String onAws, ColdStart.Runtime runtime) {}

    private void coldStarts() throws Exception {
        Path zipTask = unpack(TARGET.resolve("task"));
        Path providedTask = null;
        Path bareTask = null;
        if (Files.exists(CustomRuntime.ZIP)) {
            providedTask = CustomRuntime.unpack(CustomRuntime.ZIP, TARGET.resolve("task-provided"));
            bareTask = CustomRuntime.unpack(CustomRuntime.ZIP, TARGET.resolve("task-provided-bare"));
            Files.deleteIfExists(bareTask.resolve("app.aot"));
            if (!CustomRuntime.hasCache(providedTask)) {
                progress("cold start: " + CustomRuntime.ZIP + " carries no AOT cache (make aot-cache trains one); measured without");
            }
        } else {
            progress("cold start: no " + CustomRuntime.ZIP + " (make package builds it with a JDK 25 on x86_64); its rows are left out");
        }
        CpuLimit cpu = CpuLimit.lambdaShare();
        results.with("machine").put("cpuLimit", cpu.description());
        progress("cold start: " + cpu.description());
        ColdStart cold = new ColdStart(outboxEnv, TARGET.resolve("logs"));
        cold.orgHeaders(orgHeaders);
        try {
            coldStarts(cold, cpu, zipTask, providedTask, bareTask);
        } finally {
            cpu.close();
        }
    }

    private void coldStarts(ColdStart cold, CpuLimit cpu, Path zipTask, Path providedTask, Path bareTask) throws Exception {
        Map<String, String> none = Map.of();
        Map<String, String> primed = LambdaJavaRuntime.env("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency");
        String node = "Node.js " + nodeVersion();
        List<Variant> all = new ArrayList<>(List.of(
                new Variant("node", node + " peer", "nodejs22",
                        new ColdStart.Runtime("node", ColdStart.nodeCommand(), none, zipTask)),
                new Variant("zip", "zip, java21 runtime's flags (C1 only)",
                        "java21, java25 without SnapStart", java("zip", zipTask, false, none)),
                new Variant("zipFullJit", "zip, full JIT (java25 under SnapStart)", "java25",
                        java("zip-full-jit", zipTask, true, none)),
                new Variant("nodePrimed", node + " peer, primed at init",
                        "nodejs22, provisioned concurrency", new ColdStart.Runtime("node-primed",
                                ColdStart.nodeCommand(), primed, zipTask)),
                new Variant("zipPrimed", "zip, primed at init (java21 flags)",
                        "java21, provisioned concurrency", java("zip-primed", zipTask, false, primed))));
        if (providedTask != null) {
            all.add(3, new Variant("providedBare", "provided.al2023 package without its AOT cache",
                    "provided.al2023", CustomRuntime.runtime("provided-bare", bareTask, none)));
            all.add(4, new Variant("provided", "provided.al2023 package: jlinked JVM, AOT cache",
                    "provided.al2023", CustomRuntime.runtime("provided", providedTask, none)));
        }
        Checkpoint checkpoint = checkpoint();
        if (checkpoint != null) {
            all.add(new Variant("restore", "zip primed, checkpointed, restored by CRIU",
                    "java21 + SnapStart (restore)", checkpoint.runtime()));
        }
        List<Variant> variants = all.stream()
                .filter(v -> VARIANTS.isEmpty() || VARIANTS.contains(v.key()) || v.key().equals("node")).toList();
        cold.cpuLimit(cpu);
        Map<String, List<ColdStart.Run>> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v.key(), new ArrayList<>()));
        ArrayNode samples = JSON.createArrayNode();
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        // Rounds: each variant once per round, in a shuffled order, so that neither a busy moment
        // of the machine nor a place in the order favours one; ratios are taken within a round.
        for (int round = 0; round < COLD_RUNS; round++) {
            List<Variant> order = new ArrayList<>(variants);
            java.util.Collections.shuffle(order, random);
            for (int place = 0; place < order.size(); place++) {
                Variant variant = order.get(place);
                ColdStart.Run run;
                boolean retried = false;
                try {
                    run = cold.run(variant.runtime(), "Cold " + variant.key() + " " + round);
                } catch (IllegalStateException failed) {
                    // a 503 from a busy emulator, say: once more, and noted
                    progress("cold start  " + variant.key() + " round " + round + " failed ("
                            + failed.getMessage() + "); run again");
                    run = cold.run(variant.runtime(), "Cold " + variant.key() + " " + round + " again");
                    retried = true;
                }
                runs.get(variant.key()).add(run);
                samples.addObject().put("round", round).put("place", place).put("variant", variant.key())
                        .put("retried", retried)
                        .put("toFirstAnswerMs", round(run.toFirstAnswer()))
                        .put("initMs", round(run.initDuration()))
                        .put("firstInvokeMs", round(run.firstInvoke())).put("secondInvokeMs",
                                round(run.secondInvoke()));
            }
        }
        ObjectNode raw = JSON.createObjectNode().put("seed", seed).put("cpuLimit", cpu.description());
        raw.set("runs", samples);
        Files.writeString(TARGET.resolve("cold-start-samples.json"), JSON.writeValueAsString(raw));

        ArrayNode table = results.putObject("coldStart").putArray("variants");
        for (Variant variant : variants) {
            List<ColdStart.Run> mine = runs.get(variant.key());
            double[] total = mine.stream().mapToDouble(ColdStart.Run::toFirstAnswer).toArray();
            double[] ratios = paired(mine, runs.get("node"), ColdStart.Run::toFirstAnswer, ColdStart.Run::toFirstAnswer);
            ObjectNode row = table.addObject().put("key", variant.key()).put("label", variant.label()).put("onAws", variant.onAws())
                    .put("runs", total.length)
                    .put("toFirstAnswerMedianMs", round(median(total)))
                    .put("toFirstAnswerMinMs", round(min(total))).put("toFirstAnswerMaxMs", round(max(total)))
                    .put("initMedianMs", round(median(mine.stream().mapToDouble(ColdStart.Run::initDuration).toArray())))
                    .put("firstInvokeMedianMs", round(median(mine.stream().mapToDouble(ColdStart.Run::firstInvoke).toArray())))
                    .put("secondInvokeMedianMs", round(median(mine.stream().mapToDouble(ColdStart.Run::secondInvoke).toArray())))
                    .put("ratioToNodeMedian", round(median(ratios)))
                    .put("ratioToNodeMin", round(min(ratios))).put("ratioToNodeMax", round(max(ratios)));
            progress(String.format("cold start  %-52s median %6.0f ms (%5.0f-%5.0f), init %5.0f, invokes %4.0f then %4.0f ms; "
                            + "÷ Node %.2f (%.2f-%.2f)", variant.label(), median(total), min(total), max(total),
                    row.path("initMedianMs").asDouble(), row.path("firstInvokeMedianMs").asDouble(),
                    row.path("secondInvokeMedianMs").asDouble(), median(ratios), min(ratios), max(ratios)));
        }
        ObjectNode coldStart = results.with("coldStart").put("runsEach", COLD_RUNS).put("orderSeed", seed)
                .put("cpuLimit", cpu.description())
                .put("what", "process start to the first answered POST /orgs (outbox), aws-lambda-rie, each runtime under the CPU limit; "
                        + "ratios are the median of the per-round ratios to the Node.js peer started in the same round");
        if (runs.containsKey("provided")) {
            headline(coldStart, runs.get("provided"), runs.get("node"), ColdStart.Run::toFirstAnswer, ColdStart.Run::toFirstAnswer);
            coldStart.put("package", "provided.al2023 (" + CustomRuntime.ZIP.getFileName() + ")");
        }
        if (runs.containsKey("zipPrimed") && runs.containsKey("nodePrimed")) {
            ObjectNode primedFirst = results.putObject("primedFirstRequest")
                    .put("what", "the first invoke's duration after priming at init, both sides primed alike and keeping their "
                            + "connections (provisioned concurrency), java21 flags against the Node.js peer; then the second invoke");
            headline(primedFirst, runs.get("zipPrimed"), runs.get("nodePrimed"), ColdStart.Run::firstInvoke, ColdStart.Run::firstInvoke);
            primedFirst.put("javaSecondMs", round(median(runs.get("zipPrimed").stream().mapToDouble(ColdStart.Run::secondInvoke).toArray())))
                    .put("nodeSecondMs", round(median(runs.get("nodePrimed").stream().mapToDouble(ColdStart.Run::secondInvoke).toArray())));
        }
        if (runs.containsKey("restore")) {
            ObjectNode restore = results.putObject("restore")
                    .put("what", "criu restore of the primed zip under a fresh aws-lambda-rie, from its start to the first answer, "
                            + "against the Node.js peer's whole cold start in the same round")
                    .put("imageBytes", checkpoint.imageBytes).put("dumpMs", round(checkpoint.dumpMs))
                    .put("socketsAtCheckpoint", checkpoint.socketsAtDump);
            headline(restore, runs.get("restore"), runs.get("node"), ColdStart.Run::toFirstAnswer, ColdStart.Run::toFirstAnswer);
            restore.put("firstInvokeMedianMs", round(median(runs.get("restore").stream().mapToDouble(ColdStart.Run::firstInvoke).toArray())));
        } else {
            results.putObject("restore").put("skipped", restoreSkipped);
        }
        packages();
    }

    /** Java's and Node's medians, and the median of the per-round ratios with their spread. */
    private static void headline(ObjectNode into, List<ColdStart.Run> java, List<ColdStart.Run> node,
                                 java.util.function.ToDoubleFunction<ColdStart.Run> javaFigure,
                                 java.util.function.ToDoubleFunction<ColdStart.Run> nodeFigure) {
        double[] ratios = paired(java, node, javaFigure, nodeFigure);
        into.put("javaMedianMs", round(median(java.stream().mapToDouble(javaFigure).toArray())))
                .put("nodeMedianMs", round(median(node.stream().mapToDouble(nodeFigure).toArray())))
                .put("ratio", round(median(ratios))).put("ratioMin", round(min(ratios))).put("ratioMax", round(max(ratios)))
                .put("rounds", ratios.length);
    }

    /** Round by round, one figure of a run over the other's: the rounds share the machine's moments. */
    private static double[] paired(List<ColdStart.Run> these, List<ColdStart.Run> those,
                                   java.util.function.ToDoubleFunction<ColdStart.Run> mine,
                                   java.util.function.ToDoubleFunction<ColdStart.Run> theirs) {
        double[] ratios = new double[Math.min(these.size(), those.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = mine.applyAsDouble(these.get(i)) / theirs.applyAsDouble(those.get(i));
        }
        return ratios;
    }

    private String restoreSkipped = "not tried";

    /** The checkpoint the restores start from, or null (and the reason in the results) where CRIU cannot run. */
    private Checkpoint checkpoint() {
        if (!VARIANTS.isEmpty() && !VARIANTS.contains("restore")) {
            return null;
        }
        try {
            List<String> criu = new ArrayList<>();
            String why = Checkpoint.unavailable(criu);
            if (why != null) {
                restoreSkipped = why;
                progress("restore skipped: " + why);
                return null;
            }
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.make(criu.getFirst(), ColdStart.ZIP, outboxEnv, TARGET.resolve("criu"));
            } catch (IllegalStateException once) {
                progress("restore     the checkpoint failed (" + once.getMessage() + "); once more");
                checkpoint = Checkpoint.make(criu.getFirst(), ColdStart.ZIP, outboxEnv, TARGET.resolve("criu"));
            }
            progress(String.format("restore     checkpoint of the primed zip: %d MiB of images, dumped in %.0f ms, %d sockets open",
                    checkpoint.imageBytes >> 20, checkpoint.dumpMs, checkpoint.socketsAtDump));
            return checkpoint;
        } catch (Exception refused) {
            restoreSkipped = "CRIU could not checkpoint the function here: " + refused.getMessage();
            progress("restore skipped: " + restoreSkipped);
            return null;
        }
    }

    /** Each package's size, as make package printed it. */
    private void packages() throws IOException {
        ObjectNode packages = results.putObject("packages");
        packages.putObject("zip").put("file", ColdStart.ZIP.toString()).put("bytes", Files.size(ColdStart.ZIP))
                .put("runtimes", "java21, java25 (SnapStart)");
        if (Files.exists(CustomRuntime.ZIP)) {
            ObjectNode provided = packages.putObject("provided").put("file", CustomRuntime.ZIP.toString())
                    .put("bytes", Files.size(CustomRuntime.ZIP)).put("runtimes", "provided.al2023 (x86_64)");
            Path cache = TARGET.resolve("task-provided/app.aot");
            if (Files.exists(cache)) {
                provided.put("aotCacheBytes", Files.size(cache));
            }
        }
    }

    private String nodeVersion() {
        try {
            return new String(new ProcessBuilder(ColdStart.node(), "--version").start().getInputStream().readAllBytes()).strip();
        } catch (IOException noNode) {
            return "not found";
        }
    }

    private static Path unpack(Path taskRoot) throws IOException {
        LambdaJavaRuntime.unpack(ColdStart.ZIP, taskRoot.toAbsolutePath());
        return taskRoot.toAbsolutePath();
    }

    private static ColdStart.Runtime java(String name, Path task, boolean fullJit, Map<String, String> env) throws IOException {
        List<String> extra = new ArrayList<>();
        // -Dbench.javaFlags="-Xlog:class+load:file=..." and the like, for a look inside the runs.
        Arrays.stream(System.getProperty("bench.javaFlags", "").split(" ")).filter(f -> !f.isBlank()).forEach(extra::add);
        return new ColdStart.Runtime(name, ColdStart.javaCommand(fullJit, extra), env, task);
    }

    /**
     * {@code make aot-cache}: the provided.al2023 package's AOT cache, from a training run of
     * its own bootstrap under aws-lambda-rie against the emulator: sign-ins, registrations,
     * updates, reads, bad requests, and the relay and the projection fed by the local event
     * source mappings, three rounds; then SIGTERM, as Lambda ends an environment, and the JVM
     * writes the cache at exit (-XX:AOTCacheOutput, given through JAVA_TOOL_OPTIONS so that
     * the bootstrap's own flags are the ones trained). make package puts it in the zip.
     */
    private void aotCache() throws Exception {
        if (!Files.exists(CustomRuntime.ZIP)) {
            progress("aot cache   no " + CustomRuntime.ZIP
                    + " to train (make package builds it with a JDK 25 on x86_64)");
            return;
        }
        Path task = CustomRuntime.unpack(CustomRuntime.ZIP, TARGET.resolve("provided-training"));
        Files.deleteIfExists(task.resolve("app.aot"));
        Path cache = CustomRuntime.OUT.resolve("app.aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        Map<String, String> environment = new LinkedHashMap<>(outboxEnv);
        // -Dbench.trainFlags="-XX:..." adds flags to the training run, to try a variant of the cache.
        environment.put("JAVA_TOOL_OPTIONS", ("-XX:AOTCacheOutput=" + cache + " "
                + System.getProperty("bench.trainFlags", "")).strip());
        ColdStart.Runtime runtime = CustomRuntime.runtime("training", task, environment);
        environment.putAll(runtime.env());
        int port = LambdaJavaRuntime.freePort();
        Process rie = LambdaJavaRuntime.behindEmulator(runtime.command(), port, task, environment,
                Files.createDirectories(TARGET.resolve("logs")).resolve("aot-training.log")).start();
        long started = System.nanoTime();
        try {
            LambdaInvoker function =
                    new LambdaInvoker(new CustomRuntime.Remote(LambdaJavaRuntime.invocations(port)));
            try (StreamEventSourceMapping relay = new StreamEventSourceMapping(aws.streams(),
                    resources.eventsStreamArn, backend.region().id(), function);
                 EventSourceMapping projection = new EventSourceMapping("projection", aws.sqs(),
                         resources.projectionQueue.url(), resources.projectionQueue.arn(),
                         backend.region().id(), function);
                 EventSourceMapping reaction = new EventSourceMapping("reaction", aws.sqs(),
                         resources.reactionQueue.url(), resources.reactionQueue.arn(),
                         backend.region().id(), function)) {
                for (int round = 0; round < 3; round++) {
                    Map<String, String> headers = signIn(function, "+659000011" + round);
                    String id = registered(function.http("POST", "/orgs", headers,
                            profile("Training " + round)));
                    function.http("PUT", "/orgs/" + id, headers, profile("Training " + round
                            + " renamed"));
                    function.http("POST", "/orgs", headers, "{\"name\": \"\"}");
                    function.http("GET", "/.well-known/jwks.json", Map.of(), null);
                    function.http("GET", "/orgs/00000000-0000-4000-8000-00000000000" + round, Map.of(),
                            null);
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (function.http("GET", "/orgs/" + id, Map.of(), null).status() != 200
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
                relay.awaitIdle();
            }
        } finally {
            CustomRuntime.stop(rie);
        }
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the training run wrote no " + cache
                    + "; see target/bench/logs/aot-training.log");
        }
        Files.writeString(CustomRuntime.OUT.resolve("app.aot.stamp"),
                Files.readString(CustomRuntime.OUT.resolve("stamp")));
        progress(String.format("aot cache   %s: %d MiB from a training run of %.0f s", cache,
                Files.size(cache) >> 20, (System.nanoTime() - started) / 1e9));
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

    /** The registration counted here, then every command and role counted and priced (the cost chapter's). */
    private void costs() throws Exception {
        commandCost();
        CommandCost.section(backend, aws, resources, results, Bench::progress);
    }

    private void commandCost() {
        RequestCounter commands = new RequestCounter();
        LambdaInvoker lambda =
                new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(),
                List.of(commands))));
        RequestCounter projections = new RequestCounter();
        LambdaInvoker projector =
                new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(),
                List.of(projections))));
        int n = 50;
        commands.reset();
        for (int i = 0; i < n; i++) {
            register(lambda, "Cost " + i);
        }
        RequestCounter.Totals perCommand = commands.totals();
        try (EventSourceMapping esm = new EventSourceMapping("projection", aws.sqs(),
                resources.projectionQueue.url(), resources.projectionQueue.arn(), backend.region().id(),
                projector)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (projections.totals().byOperation().getOrDefault("DynamoDb.PutItem", 0) < n
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        RequestCounter.Totals perEvent = projections.totals();
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

    private void replay() {
        LambdaInvoker lambda =
                new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(),
                        List.of())));
        RequestCounter reads = new RequestCounter();
        // The function's client, counting capacity, for reads from the latest event; the harness's
        // client, without the function's 2-second budget, for whole streams of 10,000 items.
        EventStore store = new EventStore(cqrs.workbook.lambda.AwsClients.create(Config.from(env),
                List.of(reads)).dynamo(), resources.eventsTable);
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
            rows.addObject().put("events", length).put("wholeItems", wholeItems).put("wholeMedianMs",
                    round(median(whole)))
                    .put("latestItems", latestItems).put("latestMedianMs", round(median(latest)))
                    .put("latestCapacityUnits", round(latestCapacity));
            progress(String.format("replay %6d events: whole stream %5d items %8.1f ms; "
                            + "from the latest %d items %6.1f ms, %.1f CU", length, wholeItems,
                    median(whole), latestItems, median(latest), latestCapacity));
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

    /**
     * The projection's lag as the template deploys it, under the outbox: a command puts its
     * event; the relay's mapping reads it from the events table's stream and the relay
     * publishes it; the projection queue's mapping hands it to the projection, which writes the
     * view. For each event, the time from the command's answer (its put done) to the return of
     * the projection's invocation that wrote its view. First a steady rate long enough for 200
     * samples, then higher rates. An event not projected within 30 s is a failure: counted, and
     * in the percentiles as infinitely late.
     */
    private void projectionLag() throws Exception {
        LambdaInvoker lambda =
                new LambdaInvoker(new Handler(Application.create(Config.from(outboxEnv),
                        Clock.systemUTC(), List.of())));
        LambdaInvoker relayFunction =
                new LambdaInvoker(new Handler(Application.create(Config.from(outboxEnv),
                        Clock.systemUTC(), List.of())));
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> projected = new ConcurrentHashMap<>();
        Handler handler = new Handler(Application.create(Config.from(outboxEnv), Clock.systemUTC(),
                List.of()));
        LambdaInvoker projector = new LambdaInvoker((input, output, context) -> {
            byte[] event = input.readAllBytes();
            handler.handleRequest(new java.io.ByteArrayInputStream(event), output, context);
            long now = System.nanoTime();
            JSON.readTree(event).path("Records").forEach(r ->
                    projected.putIfAbsent(streamOf(r.path("body").asText()), now));
        });
        ArrayNode rates = results.putObject("projectionLag").putArray("rates");
        double sustained = 0;
        double p99AtSteady = 0;
        try (StreamEventSourceMapping relay = new StreamEventSourceMapping(aws.streams(),
                resources.eventsStreamArn,
                    backend.region().id(), relayFunction);
             EventSourceMapping esm = new EventSourceMapping("projection", aws.sqs(),
                     resources.projectionQueue.url(), resources.projectionQueue.arn(),
                     backend.region().id(), projector);
             java.util.concurrent.ExecutorService clients =
                     java.util.concurrent.Executors.newFixedThreadPool(8)) {
            // Events that earlier sections stored were published by the command (compensation) or
            // never: not this run's.
            relay.skipToNow();
            relay.start();
            // The earlier sections left events in the queue with no consumer: they go first, and
            // would be counted as lag of the first commands here.
            awaitDrained(resources.projectionQueue.url());
            // a rate a second, for so many seconds
            for (int[] step : new int[][] {{5, 40}, {10, 5}, {20, 5}}) {
                int rate = step[0];
                answered.clear();
                projected.clear();
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                long first = next;
                long stop = first + step[1] * 1_000_000_000L;
                int count = 0;
                // Commands are sent on schedule from a pool of clients, as independent callers
                // would send them: one slow answer does not hold the next command back.
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                java.util.concurrent.atomic.AtomicInteger refused =
                        new java.util.concurrent.atomic.AtomicInteger();
                for (int i = 0; i < rate * step[1] && System.nanoTime() < stop; i++, count++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    next += interval;
                    String name = "Lag " + rate + " " + i;
                    sent.add(clients.submit(() -> {
                        try {
                            answered.put(Aggregates.ORG.stream(register(lambda, name)),
                                    System.nanoTime());
                        } catch (IllegalStateException notAccepted) {
                            // e.g. 503: the emulator did not answer in time
                            refused.incrementAndGet();
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> command : sent) {
                    command.get();
                }
                double achieved = count / ((System.nanoTime() - first) / 1e9);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!projected.keySet().containsAll(answered.keySet())
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                double[] lags = answered.entrySet().stream()
                        .mapToDouble(e -> projected.containsKey(e.getKey())
                                ? Math.max(0, projected.get(e.getKey()) - e.getValue()) / 1e6
                                : Double.POSITIVE_INFINITY)
                        .sorted().toArray();
                long failures = Arrays.stream(lags).filter(Double::isInfinite).count();
                if (refused.get() > 0) {
                    progress("projection lag: " + refused.get() + " commands at " + rate
                            + "/s were not accepted (no event, no lag)");
                }
                double p50 = percentile(lags, 0.50);
                double p99 = percentile(lags, 0.99);
                double maxLag = Arrays.stream(lags).filter(Double::isFinite).max().orElse(Double.NaN);
                rates.addObject().put("targetPerSecond", rate).put("seconds", step[1])
                        .put("achievedPerSecond", round(achieved))
                        .put("events", lags.length).put("failures", failures).put("commandsNotAccepted",
                                refused.get())
                        .put("p50Ms", round(p50)).put("p99Ms", round(p99)).put("maxProjectedMs",
                                round(maxLag));
                progress(String.format("projection lag at %2d/s (achieved %5.1f/s, %d events, "
                        + "%d not projected in 30 s): "
                        + "p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms", rate, achieved, lags.length,
                        failures, p50, p99, maxLag));
                if (p99AtSteady == 0) {
                    p99AtSteady = p99;
                    results.with("projectionLag").put("p50Ms", round(p50)).put("p99Ms", round(p99))
                            .put("maxMs", round(maxLag))
                            .put("samples", lags.length).put("failures", failures)
                            .put("steadyRatePerSecond", rate)
                            .put("what", "outbox: command answered (event put) to view written, "
                                    + "through the stream, relay, SNS FIFO, SQS FIFO and projection; "
                                    + "local event source mappings polling moto");
                }
                if (p99 <= 250 && failures == 0) {
                    sustained = achieved;
                }
            }
        }
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
        if (ONLY.equals(List.of("aot-cache"))) {
            return;
        }
        if (!ONLY.isEmpty() || !VARIANTS.isEmpty() || COLD_RUNS < 8) {
            Files.writeString(TARGET.resolve("quick-look.json"), JSON.writeValueAsString(results));
            progress("a quick look (bench.only, bench.variants or fewer than 8 rounds): " + TARGET.resolve("quick-look.json")
                    + "; results.json, the charts and docs/bench are left as they were");
            return;
        }
        // Flat keys as well, so that each headline figure can be read by its dotted name.
        results.put("coldStart.ratio", results.path("coldStart").path("ratio").asDouble(Double.NaN));
        results.set("coldStart.variants", results.path("coldStart").path("variants"));
        results.put("restore.ratio", results.path("restore").path("ratio").asDouble(Double.NaN));
        results.put("primedFirstRequest.ratio", results.path("primedFirstRequest").path("ratio")
                .asDouble(Double.NaN));
        Files.writeString(TARGET.resolve("results.json"), JSON.writeValueAsString(results));
        Charts.write(results, TARGET);
        Files.writeString(TARGET.resolve("figures.adoc"), Figures.asciidoc(results));
        List<String> costFiles = CostFigures.write(results, TARGET); // the cost chapter's tables, the load figures
        Files.createDirectories(DOCS);
        for (String file : Stream.concat(Stream.of("results.json", "figures.adoc", "cold-start.svg", "replay.svg", "lag.svg",
                "cold-start-samples.json"), costFiles.stream()).toList()) {
            Files.copy(TARGET.resolve(file), DOCS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        progress("results   " + TARGET.resolve("results.json") + ", charts and figures copied to " + DOCS);
    }

    // ------------------------------------------------------------------ helpers

    /** Org commands need a token: the bench signs a phone in once, reading its code from the SMS. */
    private static Map<String, String> orgHeaders = Map.of("Content-Type", "application/json");

    private void signIn() {
        LambdaInvoker lambda = new LambdaInvoker(new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of())));
        orgHeaders = signIn(lambda, "+6590000100");
    }

    /** A phone signed in through {@code lambda}: a code asked for, read from the SMS, verified. Gives the org commands' headers. */
    private Map<String, String> signIn(LambdaInvoker lambda, String phone) {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String otpId = lambda.http("POST", "/otp", json, "{\"phone\": \"" + phone + "\"}").json().path("otpId").asText();
        String sms = backend.smsSentTo(phone).getLast().message();
        String code = sms.replaceAll("(?s).*\\b([0-9]{6})\\b.*", "$1");
        Exchange verified = lambda.http("POST", "/otp/verify", json,
                "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId + "\", \"code\": \"" + code + "\"}");
        if (verified.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + verified.body());
        }
        return Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + verified.json().path("token").asText());
    }

    private static String register(LambdaInvoker lambda, String name) {
        return registered(lambda.http("POST", "/orgs", orgHeaders, profile(name)));
    }

    private static String registered(Exchange answer) {
        if (answer.status() != 201) {
            throw new IllegalStateException("register failed: " + answer.body());
        }
        return answer.json().path("id").asText();
    }

    private static String profile(String name) {
        return "{\"name\": \"" + name + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}";
    }

    /** The true median: the middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : value;
    }

    private static void progress(String line) {
        OUT.println(line);
    }
}
