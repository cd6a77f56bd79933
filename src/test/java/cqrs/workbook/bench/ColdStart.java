package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.emulator.LambdaInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

// tag::cold-start-run[]
/**
 * One cold start: a fresh aws-lambda-rie process runs a runtime (the Java runtime interface
 * client with the packaged zip, or the Node.js peer), and the clock runs from the moment the
 * process is started until the first {@code POST /orgs} is answered 201. The emulator's
 * REPORT line gives the split Lambda itself reports: Init Duration, then the invoke's Duration.
 * Everything the processes print goes to a file per run, not to the bench's output.
 */
final class ColdStart {
// end::cold-start-run[]

    static final Path ZIP = Path.of("target/cqrs-workbook-lambda.zip");
    static final Path RIE = Path.of(".moto/bin/aws-lambda-rie");
    static final Path RIC = Path.of("target/ric");
    static final Path NODE_PEER = Path.of("bench/dist/index.js");
    /** The emulator's own lines: how long the runtime's init took, then the first invoke. */
    private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern INVOKE = Pattern.compile("INVOKE RTDONE\\(status: \\w+, produced bytes: \\d+, duration: ([0-9.]+)ms\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured, in milliseconds. */
    record Run(double toFirstAnswer, double initDuration, double firstInvoke) {}

    /** How a runtime is started: its command line and the environment variables it adds. */
    record Runtime(String name, List<String> command, Map<String, String> env, Path taskRoot) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> lambdaEnv;
    private final Path logs;
    /** Org commands need a token: the bench signs a phone in once and every run sends it. */
    private Map<String, String> orgHeaders = Map.of("Content-Type", "application/json");
    private int runs;

    void orgHeaders(Map<String, String> headers) {
        this.orgHeaders = headers;
    }

    ColdStart(Map<String, String> lambdaEnv, Path logs) throws IOException {
        this.lambdaEnv = lambdaEnv;
        this.logs = Files.createDirectories(logs);
    }

    /** The zip unpacked as Lambda unpacks it: the task root, classes at the top, jars in lib/. */
    static Path unpack(Path zip, Path taskRoot) throws IOException {
        if (Files.exists(taskRoot)) {
            try (Stream<Path> old = Files.walk(taskRoot)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(taskRoot);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return taskRoot;
    }

    // tag::java-command[]
    /**
     * The command line of Lambda's java runtimes as their bootstrap writes it (serial GC,
     * class sharing on auto, client compiler only unless {@code fullJit}), then the runtime
     * interface client, which loads the handler from the task root.
     */
    static List<String> javaCommand(boolean fullJit, List<String> extraFlags) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation"));
        if (extraFlags.stream().anyMatch(flag -> flag.startsWith("-XX:AOTCache"))) {
            // The JVM refuses to start when an AOT cache (to train or to use) meets any -Xshare option.
            command.remove("-Xshare:auto");
        }
        if (!fullJit) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(extraFlags);
        command.addAll(List.of(
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeClient(),
                "-cp", RIC.toAbsolutePath() + "/*",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "cqrs.workbook.lambda.Handler::handleRequest"));
        return command;
    }
    // end::java-command[]

    static List<String> nodeCommand() {
        return List.of("node", NODE_PEER.toAbsolutePath().toString());
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
        int port = freePort();
        Path log = logs.resolve(runtime.name().replaceAll("[^a-zA-Z0-9]+", "-") + "-" + (++runs) + ".log");
        List<String> command = new ArrayList<>(List.of(RIE.toAbsolutePath().toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + freePort()));
        command.addAll(runtime.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runtime.taskRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(lambdaEnv);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "cqrs-workbook");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("LAMBDA_TASK_ROOT", runtime.taskRoot().toAbsolutePath().toString());
        environment.putAll(runtime.env());
        String event = LambdaInvoker.apiGatewayEvent("POST", "/orgs", orgHeaders,
                "{\"name\": \"" + profileName + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}")
                .toString();
        URI invocations = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
        long started = System.nanoTime();
        Process rie = builder.start();
        try {
            HttpResponse<String> response = null;
            while (response == null) {
                try {
                    response = http.send(HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notListeningYet) {
                    if (!rie.isAlive()) {
                        throw new IllegalStateException(runtime.name() + ": the emulator exited; see " + log);
                    }
                    Thread.onSpinWait();
                }
            }
            double toFirstAnswer = (System.nanoTime() - started) / 1e6;
            JsonNode answer = JSON.readTree(response.body());
            if (answer.path("statusCode").asInt() != 201) {
                throw new IllegalStateException(runtime.name() + " answered " + response.body() + "; see " + log);
            }
            Matcher invoke = await(log, INVOKE);
            Matcher init = INIT.matcher(Files.readString(log));
            return new Run(toFirstAnswer, init.find() ? Double.parseDouble(init.group(1)) : Double.NaN,
                    Double.parseDouble(invoke.group(1)));
        } finally {
            if (archive != null) {
                for (ProcessHandle child : rie.children().toList()) {
                    child.destroy();
                    child.onExit().get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            rie.descendants().forEach(ProcessHandle::destroyForcibly);
            rie.destroyForcibly();
            rie.waitFor();
            if (archive != null && !Files.exists(archive)) {
                throw new IllegalStateException("the training run wrote no " + archive + "; see " + log);
            }
        }
    }

    /** The emulator writes its report lines around the answer; give them a moment. */
    private static Matcher await(Path log, Pattern line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Matcher matcher = line.matcher(Files.readString(log));
            if (matcher.find()) {
                return matcher;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no line " + line + " in " + log);
            }
            Thread.sleep(5); // polling a log file for a line that is on its way
        }
    }

    /** The runtime client's native part, taken out of its jar once. */
    private static String nativeClient() throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        Path library = Path.of("target/bench/libaws-lambda-jni.so").toAbsolutePath();
        if (Files.exists(library)) {
            return library.toString();
        }
        Files.createDirectories(library.getParent());
        try (Stream<Path> jars = Files.list(RIC);
             JarFile jar = new JarFile(jars.filter(p -> p.getFileName().toString()
                     .startsWith("aws-lambda-java-runtime-interface-client")).findFirst().orElseThrow().toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("jni/libaws-lambda-jni.linux-" + arch + ".so"))) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return library.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
