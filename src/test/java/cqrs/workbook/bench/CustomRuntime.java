package cqrs.workbook.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import cqrs.workbook.emulator.LambdaJavaRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The provided.al2023 package ({@code make package}, src/build/provided-package.sh): unpacked
 * as Lambda unpacks it, started by its own {@code bootstrap} behind aws-lambda-rie, and the
 * training run that makes its AOT cache.
 */
final class CustomRuntime {

    static final Path ZIP = Path.of("target/cqrs-workbook-provided.zip");
    static final Path OUT = Path.of("target/provided");

    private CustomRuntime() {}

    /**
     * Unpacked with unzip, which keeps what Lambda keeps: the programs' execute bits and each
     * file's modification time (the AOT cache checks the jars' times and sizes).
     */
    static Path unpack(Path zip, Path taskRoot) throws IOException, InterruptedException {
        Path root = taskRoot.toAbsolutePath();
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(root);
        Process unzip = new ProcessBuilder("unzip", "-q", "-o", zip.toAbsolutePath().toString(), "-d", root.toString())
                .inheritIO().start();
        if (unzip.waitFor() != 0) {
            throw new IOException("unzip " + zip + " failed");
        }
        return root;
    }

    /** The package's own bootstrap, as Lambda starts it, for the function's handler. */
    static ColdStart.Runtime runtime(String name, Path taskRoot, Map<String, String> env) {
        Map<String, String> withHandler = new java.util.LinkedHashMap<>(env);
        withHandler.put("_HANDLER", LambdaJavaRuntime.HANDLER);
        // -Dbench.javaFlags="-Xlog:class+load:file=..." and the like reach the bootstrap's JVM this way.
        String look = System.getProperty("bench.javaFlags", "").strip();
        if (!look.isEmpty() && !withHandler.containsKey("JAVA_TOOL_OPTIONS")) {
            withHandler.put("JAVA_TOOL_OPTIONS", look);
        }
        return new ColdStart.Runtime(name, List.of(taskRoot.resolve("bootstrap").toString()), withHandler, taskRoot);
    }

    /** The cache as the bootstrap would use it, or nothing when the package carries none. */
    static boolean hasCache(Path taskRoot) {
        return Files.exists(taskRoot.resolve("app.aot"));
    }

    /**
     * A function behind aws-lambda-rie as an in-process handler: each event is posted to the
     * emulator, one at a time (a Lambda execution environment takes one event at a time).
     */
    static final class Remote implements RequestStreamHandler {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI invocations;

        Remote(URI invocations) {
            this.invocations = invocations;
        }

        @Override
        public synchronized void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] event = input.readAllBytes();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                try {
                    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    output.write(answer.body());
                    return;
                } catch (IOException notListeningYet) {
                    if (System.nanoTime() > deadline) {
                        throw notListeningYet;
                    }
                    Thread.onSpinWait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    /**
     * Ends a runtime as Lambda ends an environment (SIGTERM), waits for its JVM to write what
     * it writes at exit (the AOT cache), then stops the emulator.
     */
    static void stop(Process rie) throws Exception {
        List<ProcessHandle> children = new ArrayList<>(rie.children().toList());
        for (ProcessHandle child : children) {
            child.destroy();
            child.onExit().get(300, TimeUnit.SECONDS);
        }
        ColdStart.end(rie);
    }
}
