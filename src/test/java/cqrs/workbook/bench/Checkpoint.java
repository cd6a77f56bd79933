package cqrs.workbook.bench;

import cqrs.workbook.emulator.LambdaJavaRuntime;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SnapStart's restore, emulated with CRIU (Checkpoint/Restore In Userspace). The zip runs
 * under aws-lambda-rie with Lambda's java21 command line and a handler that primes the
 * function, closes its pooled connections, runs a GC and waits (shim/CheckpointHandler); CRIU
 * then dumps the JVM's whole process to image files. A restore starts a fresh aws-lambda-rie
 * whose runtime is {@code criu restore}: the JVM goes on where it stopped and asks the new
 * emulator for its first event. The clock runs from the emulator's start to the first answer,
 * as for a cold start. The JVM runs in a PID namespace of its own, so that its process ids are
 * free again at each restore; its output goes to a file that is cut back to its size at the
 * dump before each restore (CRIU checks it).
 */
final class Checkpoint {

    private final Path criu;
    private final Path images;
    private final Path output;
    private final long outputSize;
    private final int runtimeApiPort;
    private final Path taskRoot;
    final long imageBytes;
    final double dumpMs;
    final long socketsAtDump;

    private Checkpoint(Path criu, Path images, Path output, long outputSize, int runtimeApiPort, Path taskRoot,
                       long imageBytes, double dumpMs, long socketsAtDump) {
        this.criu = criu;
        this.images = images;
        this.output = output;
        this.outputSize = outputSize;
        this.runtimeApiPort = runtimeApiPort;
        this.taskRoot = taskRoot;
        this.imageBytes = imageBytes;
        this.dumpMs = dumpMs;
        this.socketsAtDump = socketsAtDump;
    }

    /** Why there is no restore on this machine, or null when CRIU can run here. */
    static String unavailable(List<String> criuOut) throws IOException, InterruptedException {
        Process build = new ProcessBuilder("bash", "src/build/criu.sh").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(build.getInputStream().readAllBytes()).strip();
        if (build.waitFor() != 0 || path.isEmpty()) {
            return "no CRIU (src/build/criu.sh could not build it here)";
        }
        Process check = new ProcessBuilder(path, "check").redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes()).strip();
        if (check.waitFor() != 0 || !said.contains("Looks good")) {
            return "criu check refuses this kernel: " + said.lines().reduce((a, b) -> b).orElse("");
        }
        criuOut.add(path);
        return null;
    }

    /**
     * The checkpoint: unpacks the zip with the checkpointing handler, starts it, waits until it
     * is primed and waiting, and dumps it. Throws with the reason when CRIU cannot dump it.
     */
    static Checkpoint make(String criuPath, Path zip, Map<String, String> env, Path dir) throws Exception {
        Path criu = Path.of(criuPath);
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path images = Files.createDirectories(dir.resolve("images")).toAbsolutePath();
        Path task = dir.resolve("task").toAbsolutePath();
        LambdaJavaRuntime.unpack(zip, task);
        Path shim = Path.of("target/test-classes/cqrs/workbook/bench/shim/CheckpointHandler.class");
        Path into = Files.createDirectories(task.resolve("cqrs/workbook/bench/shim"));
        Files.copy(shim, into.resolve(shim.getFileName()));
        Path output = dir.resolve("jvm-output.log").toAbsolutePath();
        List<String> java = LambdaJavaRuntime.javaCommand(false, withHeap(List.of(
                "-XX:-UsePerfData", "--add-opens=java.base/sun.net.www.http=ALL-UNNAMED")),
                "cqrs.workbook.bench.shim.CheckpointHandler::handleRequest");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec \"$@\" > " + output + " 2>&1 0<&-", "checkpointed",
                "unshare", "--pid", "--fork", "setsid"));
        command.addAll(java);
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("BENCH_CHECKPOINT_DIR", dir.toAbsolutePath().toString());
        int port = LambdaJavaRuntime.freePort();
        int runtimeApiPort = LambdaJavaRuntime.freePort();
        Process rie = LambdaJavaRuntime.behindEmulator(command, port, runtimeApiPort, task, environment,
                dir.resolve("emulator.log")).start();
        try {
            // The emulator starts its runtime on the first invocation: this one is never answered.
            Thread.ofVirtual().start(() -> {
                HttpClient http = HttpClient.newHttpClient();
                while (rie.isAlive()) {
                    try {
                        http.send(HttpRequest.newBuilder(LambdaJavaRuntime.invocations(port)).timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                        return;
                    } catch (IOException notListeningYet) {
                        Thread.onSpinWait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Path ready = dir.resolve("ready");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(ready) || Files.readString(ready).isEmpty()) {
                if (System.nanoTime() > deadline || !rie.isAlive()) {
                    throw new IllegalStateException("the checkpointed function never got ready; see " + output);
                }
                Thread.sleep(20); // polling for the file that the primed function writes
            }
            long sockets = Long.parseLong(Files.readString(ready).strip());
            ProcessHandle jvm = rie.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no JVM under the emulator"));
            long outputSize = Files.size(output); // what CRIU records: the JVM writes nothing while it waits
            long started = System.nanoTime();
            Process dump = new ProcessBuilder(criu.toString(), "dump", "--tree", Long.toString(jvm.pid()),
                    "--images-dir", images.toString(), "--tcp-close", "--manage-cgroups=ignore",
                    "--log-file", "dump.log", "-v2").redirectErrorStream(true).start();
            String said = new String(dump.getInputStream().readAllBytes());
            if (!dump.waitFor(120, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                throw new IllegalStateException("criu dump failed (" + said.strip() + "); see " + images.resolve("dump.log"));
            }
            double dumpMs = (System.nanoTime() - started) / 1e6;
            Files.writeString(dir.resolve("go"), "");
            long bytes;
            try (Stream<Path> files = Files.list(images)) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            return new Checkpoint(criu, images, output, outputSize, runtimeApiPort, task, bytes, dumpMs, sockets);
        } finally {
            ColdStart.end(rie);
        }
    }

    private static List<String> withHeap(List<String> flags) {
        List<String> all = new ArrayList<>(ColdStart.heap());
        all.addAll(flags);
        return all;
    }

    /**
     * A restore as the bench's cold-start runs start a runtime: the JVM's output file is cut
     * back first (a shell's truncate, a millisecond, counted against the restore).
     */
    ColdStart.Runtime runtime() {
        String restore = String.join(" ", criu.toString(), "restore", "--images-dir", images.toString(), "--tcp-close",
                "--manage-cgroups=ignore", "--log-file", "restore.log");
        List<String> command = List.of("/bin/sh", "-c",
                "truncate -s " + outputSize + " " + output + " && exec " + restore + " < /dev/null", "restore");
        return new ColdStart.Runtime("restore", command, Map.of(), taskRoot, runtimeApiPort);
    }
}
