package cqrs.workbook.bench.shim;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import cqrs.workbook.lambda.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The function as SnapStart snapshots it, for the bench's restore with CRIU: the handler is
 * built and primed (what SnapStart's beforeCheckpoint runs), its pooled connections to AWS
 * are closed (a restored copy cannot use them: on Lambda they would be dead), and a GC runs.
 * Then it tells the bench, which checkpoints the process, and waits; a restored copy goes on
 * from there, and the runtime client asks the emulator for its first event.
 */
public final class CheckpointHandler implements RequestStreamHandler {

    private final Handler handler;

    public CheckpointHandler() throws Exception {
        handler = new Handler();
        handler.prime();
        closePooledConnections(URI.create(System.getenv("AWS_ENDPOINT_URL")).toURL());
        System.gc();
        Path dir = Path.of(System.getenv("BENCH_CHECKPOINT_DIR"));
        Files.writeString(dir.resolve("ready"), Long.toString(openSockets()));
        Path go = dir.resolve("go"); // written by the bench between the checkpoint and a restore
        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handleRequest(input, output, context);
    }

    /**
     * The URL-connection client keeps idle connections in the JDK's keep-alive cache; taking
     * each out and closing it is what an afterRestore-minded function would do before a
     * snapshot. Needs --add-opens java.base/sun.net.www.http (the bench's checkpoint run only).
     */
    private static void closePooledConnections(URL endpoint) throws ReflectiveOperationException {
        Class<?> client = Class.forName("sun.net.www.http.HttpClient");
        Field cache = client.getDeclaredField("kac");
        cache.setAccessible(true);
        Object kac = cache.get(null);
        Method take = kac.getClass().getMethod("get", URL.class, Object.class);
        Method close = client.getMethod("closeServer");
        for (Object idle = take.invoke(kac, endpoint, null); idle != null; idle = take.invoke(kac, endpoint, null)) {
            close.invoke(idle);
        }
    }

    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
