package cqrs.workbook.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lambda's java runtime, as this machine can have it: the zip unpacked into a task root as
 * Lambda unpacks it, the JVM started with the command line of Lambda's java runtimes and the
 * Java runtime interface client, behind the open-source Runtime Interface Emulator
 * (aws-lambda-rie), which serves the Lambda Runtime API. The runtime scenario and the bench
 * both start the zip this way.
 */
public final class LambdaJavaRuntime {

    public static final Path RIE = Path.of(".moto/bin/aws-lambda-rie");
    /** The runtime interface client and its dependencies, copied by the build (dependency:copy-dependencies@lambda-ric). */
    public static final Path RIC = Path.of("target/ric");
    public static final String HANDLER = "cqrs.workbook.lambda.Handler::handleRequest";

    private LambdaJavaRuntime() {}

    /** The zip unpacked as Lambda unpacks it: the task root, classes at the top, jars in lib/. Gives the entries' names. */
    public static List<String> unpack(Path zip, Path taskRoot) throws IOException {
        if (Files.exists(taskRoot)) {
            try (Stream<Path> old = Files.walk(taskRoot)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(taskRoot);
        List<String> names = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                names.add(entry.getName());
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
        return names;
    }

    /**
     * The command line of Lambda's java runtimes as their bootstrap writes it (serial GC,
     * class sharing on auto, client compiler only unless {@code fullJit}), then the runtime
     * interface client, which loads {@code handler} from the task root.
     */
    public static List<String> javaCommand(boolean fullJit, List<String> extraFlags,
            String handler) throws IOException {
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
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                + nativeClient(), "-cp", RIC.toAbsolutePath() + "/*",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                handler));
        return command;
    }

    /**
     * The emulator in front of {@code runtime}: it serves invocations on {@code port} and the
     * Runtime API to the runtime, in the task root, with the function's environment and no other.
     */
    public static ProcessBuilder behindEmulator(List<String> runtime, int port, Path taskRoot,
                                                Map<String, String> functionEnvironment, Path log) throws IOException {
        return behindEmulator(runtime, port, freePort(), taskRoot, functionEnvironment, log);
    }

    /** The same, with the Runtime API on {@code runtimeApiPort}: a runtime restored from a checkpoint calls its old one. */
    public static ProcessBuilder behindEmulator(List<String> runtime, int port, int runtimeApiPort, Path taskRoot,
                                                Map<String, String> functionEnvironment, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(RIE.toAbsolutePath().toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + runtimeApiPort));
        command.addAll(runtime);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(functionEnvironment);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "cqrs-workbook");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        return builder;
    }

    /** Where the emulator takes invocations. */
    public static java.net.URI invocations(int port) {
        return java.net.URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
    }

    /** The runtime client's native part, taken out of its jar once: loading it from there is the client's default. */
    private static synchronized String nativeClient() throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        Path library = Path.of("target/libaws-lambda-jni.so").toAbsolutePath();
        if (Files.exists(library)) {
            return library.toString();
        }
        try (Stream<Path> jars = Files.list(RIC);
             JarFile jar = new JarFile(jars.filter(p -> p.getFileName().toString()
                     .startsWith("aws-lambda-java-runtime-interface-client")).findFirst().orElseThrow().toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("jni/libaws-lambda-jni.linux-" + arch + ".so"))) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return library.toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A map of name, value, name, value… */
    public static Map<String, String> env(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
